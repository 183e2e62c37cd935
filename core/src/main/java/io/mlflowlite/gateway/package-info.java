/**
 * The gateway kernel's entry point: {@link io.mlflowlite.gateway.Gateway}, the configured, thread-safe instance
 * every call goes through (library and server alike), its builder, and
 * {@link io.mlflowlite.gateway.SharedGateway}, the process-wide instance the static {@code Mlflowlite} facade
 * and the evaluation and agent layers use when a caller names none.
 */
package io.mlflowlite.gateway;
