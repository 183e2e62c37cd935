package io.mlflowlite.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every route the server answers, in registration order: the registration point where another ingress (such
 * as Anthropic's {@code /v1/messages}) plugs in with one {@link Builder#add} call. Also answers what no route
 * matches, in OpenAI's error shape: a known path with another method is 405 with {@code Allow}, anything else
 * 404. Immutable.
 */
final class RouteTable {
    /** The {@code route} metric label of requests no route matched (raw paths would be unbounded). */
    static final String UNMATCHED = "unmatched";

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    static Builder builder() {
        return new Builder();
    }

    List<Route> routes() {
        return routes;
    }

    /** The methods each path answers, paths in registration order. */
    Map<String, List<String>> methodsByPath() {
        Map<String, List<String>> byPath = new LinkedHashMap<>();
        for (Route route : routes) {
            byPath.computeIfAbsent(route.path(), p -> new ArrayList<>()).add(route.method());
        }
        return byPath;
    }

    /** What a request to {@code path} with a method it does not answer gets. */
    static Route methodNotAllowed(String path, List<String> allowed) {
        return methodNotAllowed(path, allowed, Route.ErrorStyle.OPENAI);
    }

    /** The same, its error in {@code style}: the shape the clients of {@code path}'s API parse. */
    static Route methodNotAllowed(String path, List<String> allowed, Route.ErrorStyle style) {
        String allow = String.join(", ", allowed);
        return new Route(
                "*",
                path,
                Route.Kind.SYSTEM,
                (exchange, scope) -> {
                    throw new ApiException(ApiError.of(
                                    405,
                                    "invalid_request_error",
                                    "method_not_allowed",
                                    exchange.method() + " is not supported on " + path + "; use " + allow + ".")
                            .withHeader("allow", allow));
                },
                style);
    }

    /** The error style of the routes on {@code path}: Anthropic's when any of them speaks it. */
    Route.ErrorStyle errorStyle(String path) {
        return routes.stream().anyMatch(r -> r.path().equals(path) && r.errorStyle() == Route.ErrorStyle.ANTHROPIC)
                ? Route.ErrorStyle.ANTHROPIC
                : Route.ErrorStyle.OPENAI;
    }

    /** What a request to an unknown path gets. */
    static Route notFound() {
        return Route.system("*", UNMATCHED, (exchange, scope) -> {
            throw new ApiException(ApiError.of(
                    404,
                    "invalid_request_error",
                    "unknown_url",
                    "Unknown request URL: " + exchange.method() + " " + exchange.path()
                            + ". This gateway serves the OpenAI API under /v1 (POST /v1/chat/completions, "
                            + "POST /v1/responses, POST /v1/embeddings, GET /v1/models, POST /v1/feedback), Anthropic's Messages API "
                            + "(POST /v1/messages) and MLflow's endpoints API "
                            + "(POST /endpoints/{name}/invocations, GET /api/2.0/endpoints/)."));
        });
    }

    /** Collects routes; not thread-safe. */
    static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        private Builder() {}

        Builder add(Route route) {
            for (Route existing : routes) {
                if (existing.path().equals(route.path()) && existing.method().equals(route.method())) {
                    throw new IllegalArgumentException("Two routes for " + route.method() + " " + route.path());
                }
            }
            routes.add(route);
            return this;
        }

        Builder addAll(List<Route> more) {
            more.forEach(this::add);
            return this;
        }

        RouteTable build() {
            return new RouteTable(routes);
        }
    }
}
