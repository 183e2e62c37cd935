/**
 * Experiments on live traffic: smart routing, A/B tests with sequential statistics, online scoring and staged
 * rollout. They plug into the gateway through the route strategy SPI of {@code io.mlflowlite.routing}, so the
 * library and the server run them through the one pipeline.
 */
package io.mlflowlite.experiments;
