package io.mlflowlite.otel;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * One OTLP/HTTP POST over the JDK {@link HttpClient}: protobuf body, {@code Content-Type:
 * application/x-protobuf} exactly (MLflow compares the header verbatim), the configured headers. Thread-safe.
 */
final class OtlpHttp implements AutoCloseable {
    static final String CONTENT_TYPE = "application/x-protobuf";

    /**
     * What the collector answered.
     *
     * @param status        the HTTP status
     * @param rejectedSpans spans a 2xx answer reported as rejected (OTLP partial success)
     * @param message       the collector's error text or partial-success message, or empty
     * @param retryAfter    the {@code Retry-After} it asked for
     */
    record Answer(int status, long rejectedSpans, String message, Optional<Duration> retryAfter) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The statuses OTLP/HTTP says a client retries: the server is busy or a gateway could not reach it. */
        boolean retryable() {
            return status == 429 || status == 502 || status == 503 || status == 504;
        }
    }

    private final OtlpConfig config;
    private final HttpClient client;
    private final String userAgent;

    OtlpHttp(OtlpConfig config, String version) {
        this.config = config;
        this.userAgent = "mlflowlite-otel/" + version;
        // HTTP/1.1: MLflow's server and most collectors speak it, and the JDK's cleartext HTTP/2 upgrade
        // attempt on a POST is a needless risk there.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                .build();
    }

    /** POSTs {@code body}; throws {@link IOException} when the collector cannot be reached or times out. */
    Answer post(byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.endpoint()).timeout(config.timeout());
        config.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-type") && !name.equalsIgnoreCase("content-encoding")) {
                request.header(name, value);
            }
        });
        request.header("Content-Type", CONTENT_TYPE).header("User-Agent", userAgent);
        byte[] payload = body;
        if (config.gzip()) {
            payload = gzip(body);
            request.header("Content-Encoding", "gzip");
        }
        HttpResponse<byte[]> response = client.send(
                request.POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Optional<Duration> retryAfter =
                response.headers().firstValue("Retry-After").flatMap(OtlpHttp::retryAfter);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return partialSuccess(status, response.body(), retryAfter);
        }
        return new Answer(status, 0, text(response.body()), retryAfter);
    }

    private static Answer partialSuccess(int status, byte[] body, Optional<Duration> retryAfter) {
        if (body.length == 0) {
            return new Answer(status, 0, "", retryAfter);
        }
        try {
            var partial = ExportTraceServiceResponse.parseFrom(body).getPartialSuccess();
            return new Answer(status, partial.getRejectedSpans(), partial.getErrorMessage(), retryAfter);
        } catch (InvalidProtocolBufferException e) {
            // Some collectors answer 2xx with JSON or text: the export succeeded, there is nothing to count.
            return new Answer(status, 0, "", retryAfter);
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date; empty when it is neither. */
    static Optional<Duration> retryAfter(String value) {
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // Collectors answer errors as text, JSON (MLflow's {"detail": …}) or a protobuf Status: keep what is readable.
    private static String text(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}&&[^\n\t]]", " ")
                .strip();
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
