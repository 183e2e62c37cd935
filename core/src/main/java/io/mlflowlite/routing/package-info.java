/**
 * Endpoints and routes: apps call an endpoint name ({@code "chat"}) and the gateway's configuration decides
 * which model serves it, so switching models needs no code change and no restart.
 *
 * <ul>
 *   <li>{@link io.mlflowlite.routing.RoutingConfig} — the configuration: {@link io.mlflowlite.routing.Endpoint}s
 *       (a model, its key and base URL, fallbacks, retries, timeouts, default parameters) and
 *       {@link io.mlflowlite.routing.Route}s (traffic splits over endpoints). Immutable values.</li>
 *   <li>{@link io.mlflowlite.routing.RoutingConfigLoader} — reads MLflow AI Gateway YAML files (plus
 *       mlflowlite's extensions), resolving {@code $ENV} references and reporting every problem with its
 *       path.</li>
 *   <li>{@link io.mlflowlite.routing.EndpointRouter} — what {@link io.mlflowlite.gateway.Gateway} runs at the start
 *       of each call: reads the current configuration once, picks a route's destination, applies the
 *       endpoint's settings and hands the retry step its targets. {@code Gateway.reconfigure} swaps the
 *       configuration atomically.</li>
 *   <li>{@link io.mlflowlite.routing.ConfigWatcher} — reloads a configuration file when it changes, keeping
 *       the old configuration when the new one is invalid.</li>
 * </ul>
 */
package io.mlflowlite.routing;
