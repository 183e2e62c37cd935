/**
 * The gateway server: the OpenAI HTTP API over the one pipeline of {@link io.mlflowlite.gateway.Gateway}, so any
 * OpenAI SDK, in any language, reaches every provider by changing its base URL.
 *
 * <p>The API of this package is {@link io.mlflowlite.server.GatewayServer} and its builder; everything else is
 * package-private and may change at any time. Helidon (the HTTP stack) never appears in a public signature:
 * routes see a small {@code Exchange}, and only {@code HelidonListener} and {@code HelidonExchange} import it.
 *
 * <p>Extension points inside the module, for features that plug in as small additions: a {@code Route} added to
 * the {@code RouteTable} (another ingress, such as Anthropic's {@code /v1/messages}), and an {@code Admission}
 * hook every API request passes once its model is known (API keys, rate limits, budgets).
 */
package io.mlflowlite.server;
