package io.mlflowlite.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A whole routing configuration: the endpoints and routes apps can call by name. An immutable value; the
 * gateway validates it when it is built or swapped in ({@code Gateway.reconfigure}), and
 * {@link RoutingConfigLoader} reads it from MLflow AI Gateway YAML.
 *
 * @param endpoints the endpoints, in file order
 * @param routes    the traffic-split routes, in file order
 * @param version   a label the file gives itself ({@code version:}), or null; shown in logs and traces
 *                  together with the {@link #fingerprint()}
 * @param onlineScoring the file's {@code online_scoring:} rules, in file order (empty: none); the gateway
 *                      kernel carries them for whoever attaches scoring ({@code mlflowlite serve})
 */
public record RoutingConfig(
        List<Endpoint> endpoints, List<Route> routes, String version, List<OnlineScoringRule> onlineScoring) {
    /** No endpoints and no routes: every model name goes straight to the model resolver. */
    public static final RoutingConfig EMPTY = new RoutingConfig(List.of(), List.of(), null);

    public RoutingConfig {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        routes = routes == null ? List.of() : List.copyOf(routes);
        onlineScoring = onlineScoring == null ? List.of() : List.copyOf(onlineScoring);
    }

    /** A configuration without online scoring rules. */
    public RoutingConfig(List<Endpoint> endpoints, List<Route> routes, String version) {
        this(endpoints, routes, version, List.of());
    }

    /** A configuration of {@code endpoints} and {@code routes}, without a version label. */
    public static RoutingConfig of(List<Endpoint> endpoints, List<Route> routes) {
        return new RoutingConfig(endpoints, routes, null);
    }

    /** The same configuration labelled {@code label}. */
    public RoutingConfig withVersion(String label) {
        return new RoutingConfig(endpoints, routes, label, onlineScoring);
    }

    /** The endpoint called {@code name}. Linear; the gateway uses its own index on the call path. */
    public Optional<Endpoint> endpoint(String name) {
        return endpoints.stream().filter(e -> name.equals(e.name())).findFirst();
    }

    /** The route called {@code name}. */
    public Optional<Route> route(String name) {
        return routes.stream().filter(r -> name.equals(r.name())).findFirst();
    }

    /** Whether there is nothing to route. */
    public boolean isEmpty() {
        return endpoints.isEmpty() && routes.isEmpty();
    }

    /**
     * A short hash (16 hex digits of SHA-256) of everything in this configuration, keys included, so two
     * configurations serve calls the same way exactly when their fingerprints are equal. The keys cannot be
     * recovered from it. Computed on each call.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder();
        canonical.append("version=").append(version).append('\n');
        for (Endpoint e : endpoints) {
            canonical
                    .append("endpoint ")
                    .append(e.name())
                    .append(' ')
                    .append(e.type())
                    .append(' ');
            spec(canonical, e.model());
            canonical
                    .append(" limit=")
                    .append(e.limit())
                    .append(" retries=")
                    .append(e.maxRetries())
                    .append(" timeout=")
                    .append(e.timeout())
                    .append(" deadline=")
                    .append(e.deadline())
                    .append(" defaults=")
                    .append(e.defaults())
                    .append(" prompt=")
                    .append(e.prompt())
                    .append(" fallbacks=");
            for (Fallback f : e.fallbacks()) {
                if (f instanceof Fallback.Model m) {
                    spec(canonical, m.model());
                } else {
                    canonical.append(f.label());
                }
                canonical.append(',');
            }
            canonical.append('\n');
        }
        for (Route r : routes) {
            canonical
                    .append("route ")
                    .append(r.name())
                    .append(' ')
                    .append(r.taskType())
                    .append(' ')
                    .append(r.destinations())
                    .append('\n');
        }
        for (OnlineScoringRule rule : onlineScoring) {
            canonical.append("online_scoring ").append(rule).append('\n');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void spec(StringBuilder out, ModelSpec spec) {
        if (spec == null) {
            out.append("null");
            return;
        }
        ModelConfig c = spec.config();
        out.append(spec.key())
                .append('{')
                .append(c.apiKey())
                .append('|')
                .append(c.baseUrl())
                .append('|')
                .append(new TreeMap<>(c.headers()))
                .append('}');
    }

    /** A one-line label for logs: the version (if any) and the fingerprint. */
    public String label() {
        return (version == null ? "" : version + " ") + "#" + fingerprint();
    }
}
