package io.mlflowlite.otel;

import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.tracing.TraceSink;
import io.mlflowlite.tracing.TraceSinkProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Contributes an {@link OtlpExporter} when the environment names a collector, found with
 * {@link java.util.ServiceLoader}. Read, in order:
 * <ul>
 *   <li>{@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}: the full URL, used as is; else
 *       {@code OTEL_EXPORTER_OTLP_ENDPOINT}: a base URL, {@code /v1/traces} appended; else
 *       {@code MLFLOW_TRACKING_URI} when it is an http(s) URL: {@code /v1/traces} appended, with
 *       {@code MLFLOW_TRACKING_TOKEN} (bearer) or {@code MLFLOW_TRACKING_USERNAME}/{@code _PASSWORD} (basic)
 *       as authorization. None of them set: no exporter.</li>
 *   <li>{@code MLFLOW_EXPERIMENT_ID}: sent as the {@code x-mlflow-experiment-id} header; with
 *       {@code MLFLOW_TRACKING_URI} and no id, {@code 0} (MLflow's Default experiment), which MLflow
 *       requires some value for.</li>
 *   <li>{@code OTEL_EXPORTER_OTLP_HEADERS} then {@code OTEL_EXPORTER_OTLP_TRACES_HEADERS}: {@code k=v,k2=v2},
 *       percent-decoded; {@code OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES};
 *       {@code OTEL_EXPORTER_OTLP[_TRACES]_TIMEOUT} (milliseconds) and {@code _COMPRESSION}
 *       ({@code gzip}|{@code none}).</li>
 *   <li>{@code OTEL_SDK_DISABLED=true}, or an {@code OTEL_TRACES_EXPORTER} without {@code otlp}: no
 *       exporter.</li>
 * </ul>
 * Only {@code http/protobuf} is spoken: an {@code OTEL_EXPORTER_OTLP[_TRACES]_PROTOCOL} of {@code grpc} or
 * {@code http/json}, a malformed URL or header list, is a {@link ConfigurationException} naming the variable.
 * Thread-safe (stateless).
 */
public final class OtlpSinkProvider implements TraceSinkProvider {

    /** An exporter configured from {@code env}, or empty when no collector is named there. */
    @Override
    public Optional<TraceSink> fromEnv(Map<String, String> env) {
        return configFromEnv(env).map(OtlpExporter::new);
    }

    /** The configuration {@code env} describes, or empty; for callers that build the exporter themselves. */
    public static Optional<OtlpConfig> configFromEnv(Map<String, String> env) {
        if ("true".equalsIgnoreCase(get(env, "OTEL_SDK_DISABLED"))
                || otlpExporterOff(get(env, "OTEL_TRACES_EXPORTER"))) {
            return Optional.empty();
        }
        String tracesEndpoint = get(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        String baseEndpoint = get(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
        String trackingUri = get(env, "MLFLOW_TRACKING_URI");
        boolean mlflow = tracesEndpoint == null && baseEndpoint == null;
        if (mlflow && (trackingUri == null || !isHttp(trackingUri))) {
            return Optional.empty();
        }
        String variable = tracesEndpoint != null
                ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
                : baseEndpoint != null ? "OTEL_EXPORTER_OTLP_ENDPOINT" : "MLFLOW_TRACKING_URI";
        String endpoint = tracesEndpoint != null
                ? tracesEndpoint
                : OtlpConfig.stripSlash(baseEndpoint != null ? baseEndpoint : trackingUri) + OtlpConfig.TRACES_PATH;
        if (!mlflow) {
            checkProtocol(env);
        }
        OtlpConfig.Builder b;
        try {
            b = OtlpConfig.builder(endpoint);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(variable + " is not a URL: '" + endpoint + "'", e);
        }
        b.headers(pairs(env, "OTEL_EXPORTER_OTLP_HEADERS")).headers(pairs(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS"));
        String experiment = get(env, "MLFLOW_EXPERIMENT_ID");
        if (experiment != null) {
            b.mlflowExperimentId(experiment);
        } else if (mlflow) {
            b.mlflowExperimentId("0");
        }
        if (mlflow) {
            mlflowAuthorization(env).ifPresent(auth -> b.header("Authorization", auth));
        }
        Map<String, String> resource = pairs(env, "OTEL_RESOURCE_ATTRIBUTES");
        resource.forEach(b::resourceAttribute);
        String service = get(env, "OTEL_SERVICE_NAME");
        b.serviceName(
                service != null ? service : resource.getOrDefault("service.name", OtlpConfig.DEFAULT_SERVICE_NAME));
        timeout(env).ifPresent(b::timeout);
        String compression = first(env, "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION");
        if (compression != null && !compression.equalsIgnoreCase("none") && !compression.equalsIgnoreCase("gzip")) {
            throw new ConfigurationException(
                    "OTEL_EXPORTER_OTLP_COMPRESSION must be gzip or none, not '" + compression + "'");
        }
        b.gzip("gzip".equalsIgnoreCase(compression));
        try {
            return Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    "Invalid OTLP exporter configuration (endpoint from " + variable + "): " + e.getMessage(), e);
        }
    }

    private static boolean otlpExporterOff(String exporters) {
        return exporters != null
                && Arrays.stream(exporters.split(",")).map(String::strip).noneMatch("otlp"::equalsIgnoreCase);
    }

    private static boolean isHttp(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static void checkProtocol(Map<String, String> env) {
        String protocol = first(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
        if (protocol != null && !protocol.equals("http/protobuf")) {
            throw new ConfigurationException("mlflowlite exports traces over OTLP http/protobuf only, but "
                    + "OTEL_EXPORTER_OTLP_PROTOCOL asks for '" + protocol + "': point the endpoint at the "
                    + "collector's HTTP port (usually 4318) and unset the protocol");
        }
    }

    private static Optional<Duration> timeout(Map<String, String> env) {
        String millis = first(env, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT");
        if (millis == null) {
            return Optional.empty();
        }
        try {
            long ms = Long.parseLong(millis.strip());
            return ms > 0 ? Optional.of(Duration.ofMillis(ms)) : Optional.empty();
        } catch (NumberFormatException e) {
            throw new ConfigurationException("OTEL_EXPORTER_OTLP_TIMEOUT must be milliseconds, not '" + millis + "'");
        }
    }

    private static Optional<String> mlflowAuthorization(Map<String, String> env) {
        String token = get(env, "MLFLOW_TRACKING_TOKEN");
        if (token != null) {
            return Optional.of("Bearer " + token);
        }
        String user = get(env, "MLFLOW_TRACKING_USERNAME");
        String password = get(env, "MLFLOW_TRACKING_PASSWORD");
        if (user != null && password != null) {
            byte[] credentials = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(credentials));
        }
        return Optional.empty();
    }

    /** {@code k=v,k2=v2} with percent-encoded keys and values, as OTel's header and resource variables. */
    static Map<String, String> pairs(Map<String, String> env, String variable) {
        Map<String, String> out = new LinkedHashMap<>();
        String list = get(env, variable);
        if (list == null) {
            return out;
        }
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            String key = eq < 0 ? "" : percentDecode(item.substring(0, eq).strip(), variable);
            if (key.isEmpty()) {
                // Only the key is named: the value may be a secret.
                throw new ConfigurationException(variable + " must be a list of key=value pairs separated by "
                        + "commas; an entry has no key= part");
            }
            out.put(key, percentDecode(item.substring(eq + 1).strip(), variable));
        }
        return out;
    }

    // Not URLDecoder: it turns '+' into a space, which corrupts base64 credentials; OTel only percent-encodes.
    private static String percentDecode(String text, String variable) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int percent = text.indexOf('%', i);
            int end = percent < 0 ? text.length() : percent;
            bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
            if (percent < 0) {
                break;
            }
            if (percent + 2 >= text.length() || !isHex(text.charAt(percent + 1)) || !isHex(text.charAt(percent + 2))) {
                throw new ConfigurationException(variable + " has a '%' that is not followed by two hex digits");
            }
            bytes.write(Integer.parseInt(text, percent + 1, percent + 3, 16));
            i = percent + 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static String first(Map<String, String> env, String specific, String general) {
        String value = get(env, specific);
        return value != null ? value : get(env, general);
    }

    private static String get(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
