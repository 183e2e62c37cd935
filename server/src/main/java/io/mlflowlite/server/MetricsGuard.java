package io.mlflowlite.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Who may read {@code /metrics}. Its series name every model, route and error clients meet, and their volume:
 * open on a gateway without keys (a private one), but once API keys are required it answers only a bearer of the
 * metrics key or the admin key, unless the operator opens it on purpose. Immutable and thread-safe.
 */
final class MetricsGuard {
    static final MetricsGuard OPEN = new MetricsGuard(List.of(), true);

    private final List<byte[]> keys;
    private final boolean open;

    private MetricsGuard(List<byte[]> keys, boolean open) {
        this.keys = keys;
        this.open = open;
    }

    /** Only bearers of one of {@code keys} (null entries are skipped); none at all means no one. */
    static MetricsGuard keys(String... keys) {
        return new MetricsGuard(
                java.util.Arrays.stream(keys)
                        .filter(Objects::nonNull)
                        .map(k -> k.getBytes(StandardCharsets.UTF_8))
                        .toList(),
                false);
    }

    void check(Exchange exchange) {
        if (open) {
            return;
        }
        if (keys.isEmpty()) {
            throw new ApiException(ApiError.of(
                    403,
                    "permission_error",
                    "metrics_protected",
                    "/metrics is protected while API keys are required: set MLFLOWLITE_METRICS_KEY (or "
                            + "MLFLOWLITE_ADMIN_KEY) and scrape with 'Authorization: Bearer <key>', or start the "
                            + "gateway with --public-metrics."));
        }
        byte[] presented = exchange.header("authorization")
                .map(String::strip)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).strip())
                .orElse("")
                .getBytes(StandardCharsets.UTF_8);
        for (byte[] key : keys) {
            if (MessageDigest.isEqual(presented, key)) {
                return;
            }
        }
        throw new ApiException(ApiError.of(
                401,
                "authentication_error",
                "invalid_metrics_key",
                "/metrics needs 'Authorization: Bearer <metrics key or admin key>' while API keys are required."));
    }
}
