package io.mlflowlite.otel;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link OtlpExporter} sends traces. Immutable; build one with {@link #builder(String)} or
 * {@link #forMlflow(String, String)}.
 *
 * @param endpoint           the full URL traces are POSTed to, ending in {@code /v1/traces}
 * @param headers            sent with every request (authorization, {@value #MLFLOW_EXPERIMENT_HEADER} …)
 * @param serviceName        the {@code service.name} resource attribute
 * @param resourceAttributes further resource attributes ({@code deployment.environment} …)
 * @param timeout            how long one request may take, connecting included
 * @param batchSize          at most this many traces go in one request
 * @param flushInterval      how long a partly filled batch waits before it is sent anyway
 * @param maxQueuedTraces    traces waiting beyond this are dropped and counted, so memory stays bounded
 * @param maxRetries         retries of a request after a 429, 502, 503, 504 or a connection failure
 * @param initialBackoff     the first retry's delay (doubled each retry, with jitter)
 * @param maxBackoff         the longest delay before a retry, a server's {@code Retry-After} included
 * @param closeTimeout       how long {@link OtlpExporter#close()} waits for queued traces to be delivered
 * @param gzip               whether request bodies are gzip-compressed
 */
public record OtlpConfig(
        URI endpoint,
        Map<String, String> headers,
        String serviceName,
        Map<String, String> resourceAttributes,
        Duration timeout,
        int batchSize,
        Duration flushInterval,
        int maxQueuedTraces,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration closeTimeout,
        boolean gzip) {

    /** The header MLflow's {@code /v1/traces} reads to choose the experiment the traces land in. */
    public static final String MLFLOW_EXPERIMENT_HEADER = "x-mlflow-experiment-id";
    /** The path MLflow (≥ 3.6) and every OTLP/HTTP collector serve traces on. */
    public static final String TRACES_PATH = "/v1/traces";

    public static final String DEFAULT_SERVICE_NAME = "mlflowlite";

    public OtlpConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("The OTLP endpoint must be an http(s) URL such as "
                    + "http://localhost:4318/v1/traces, not '" + endpoint + "'");
        }
        headers = copy(headers);
        headers.forEach(OtlpConfig::checkHeader);
        serviceName = serviceName == null || serviceName.isBlank() ? DEFAULT_SERVICE_NAME : serviceName;
        resourceAttributes = copy(resourceAttributes);
        requirePositive(timeout, "timeout");
        requirePositive(flushInterval, "flushInterval");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(closeTimeout, "closeTimeout");
        if (batchSize < 1 || maxQueuedTraces < 1 || maxRetries < 0) {
            throw new IllegalArgumentException("batchSize and maxQueuedTraces must be at least 1 and maxRetries "
                    + "at least 0 (got " + batchSize + ", " + maxQueuedTraces + ", " + maxRetries + ")");
        }
    }

    /** A builder sending to {@code endpoint}, the full URL of the collector's {@code /v1/traces}. */
    public static Builder builder(String endpoint) {
        return new Builder(URI.create(endpoint));
    }

    /**
     * A builder for an MLflow tracking server (≥ 3.6): {@code trackingUri + /v1/traces}, with the
     * {@value #MLFLOW_EXPERIMENT_HEADER} header naming {@code experimentId}.
     */
    public static Builder forMlflow(String trackingUri, String experimentId) {
        return new Builder(URI.create(stripSlash(trackingUri) + TRACES_PATH)).mlflowExperimentId(experimentId);
    }

    public Builder toBuilder() {
        Builder b = new Builder(endpoint);
        b.headers.putAll(headers);
        b.resourceAttributes.putAll(resourceAttributes);
        return b.serviceName(serviceName)
                .timeout(timeout)
                .batchSize(batchSize)
                .flushInterval(flushInterval)
                .maxQueuedTraces(maxQueuedTraces)
                .maxRetries(maxRetries)
                .initialBackoff(initialBackoff)
                .maxBackoff(maxBackoff)
                .closeTimeout(closeTimeout)
                .gzip(gzip);
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }

    // Fails at configuration time, not on the exporter thread, for headers the JDK client refuses (Host …).
    private static void checkHeader(String name, String value) {
        try {
            HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The OTLP header '" + name + "' cannot be sent: " + e.getMessage(), e);
        }
    }

    /** Builds an {@link OtlpConfig}; every setting but the endpoint has a default. Not thread-safe. */
    public static final class Builder {
        private final URI endpoint;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> resourceAttributes = new LinkedHashMap<>();
        private String serviceName = DEFAULT_SERVICE_NAME;
        private Duration timeout = Duration.ofSeconds(10);
        private int batchSize = 64;
        private Duration flushInterval = Duration.ofSeconds(2);
        private int maxQueuedTraces = 2048;
        private int maxRetries = 5;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private boolean gzip;

        private Builder(URI endpoint) {
            this.endpoint = endpoint;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder headers(Map<String, String> more) {
            headers.putAll(more);
            return this;
        }

        /** Sends the {@value #MLFLOW_EXPERIMENT_HEADER} header MLflow routes traces by; null removes it. */
        public Builder mlflowExperimentId(String experimentId) {
            if (experimentId == null || experimentId.isBlank()) {
                headers.remove(MLFLOW_EXPERIMENT_HEADER);
            } else {
                headers.put(MLFLOW_EXPERIMENT_HEADER, experimentId);
            }
            return this;
        }

        public Builder serviceName(String name) {
            this.serviceName = name;
            return this;
        }

        public Builder resourceAttribute(String key, String value) {
            resourceAttributes.put(key, value);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder batchSize(int traces) {
            this.batchSize = traces;
            return this;
        }

        public Builder flushInterval(Duration interval) {
            this.flushInterval = interval;
            return this;
        }

        public Builder maxQueuedTraces(int traces) {
            this.maxQueuedTraces = traces;
            return this;
        }

        public Builder maxRetries(int retries) {
            this.maxRetries = retries;
            return this;
        }

        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = backoff;
            return this;
        }

        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = backoff;
            return this;
        }

        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /** Throws {@link IllegalArgumentException} naming the setting that is out of range. */
        public OtlpConfig build() {
            return new OtlpConfig(
                    endpoint,
                    headers,
                    serviceName,
                    resourceAttributes,
                    timeout,
                    batchSize,
                    flushInterval,
                    maxQueuedTraces,
                    maxRetries,
                    initialBackoff,
                    maxBackoff,
                    closeTimeout,
                    gzip);
        }
    }
}
