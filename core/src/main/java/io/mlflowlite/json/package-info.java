/**
 * The JSON conventions every mlflowlite module shares: {@link io.mlflowlite.json.Json} holds the one configured
 * Jackson mapper (unknown fields ignored, decimals exact) and small tree helpers, so a module that reads or
 * writes mlflowlite's JSON (stores, the server, exporters) reads numbers and absent fields the same way.
 */
package io.mlflowlite.json;
