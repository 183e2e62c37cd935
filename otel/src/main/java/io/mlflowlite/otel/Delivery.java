package io.mlflowlite.otel;

import io.mlflowlite.tracing.Trace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends one batch of traces as one request, retrying what OTLP/HTTP says to retry, and counts the outcome.
 * Used by the exporter's worker and by {@link OtlpExporter#exportNow}. Thread-safe; {@link #send} blocks
 * for the request and the backoff between retries.
 */
final class Delivery {
    private static final System.Logger LOG = System.getLogger(OtlpExporter.class.getName());

    /**
     * What a batch came to.
     *
     * @param acceptedSpans  spans the collector took
     * @param invalidTraces  traces left out because an id is not hex
     * @param invalidReason  why the first of them was left out, or null
     */
    record Sent(long acceptedSpans, int invalidTraces, String invalidReason) {}

    private final OtlpConfig config;
    private final ExportRequests requests;
    private final OtlpHttp http;
    private final Backoff backoff;
    private final Counters counters;

    Delivery(OtlpConfig config, ExportRequests requests, OtlpHttp http, Backoff backoff, Counters counters) {
        this.config = config;
        this.requests = requests;
        this.http = http;
        this.backoff = backoff;
        this.counters = counters;
    }

    /**
     * Delivers {@code traces} in one request. Throws {@link OtlpExportException} when the collector refuses it
     * or every retry fails (the traces are counted failed), {@link InterruptedException} when interrupted
     * while sending or backing off (the caller decides how to count them).
     */
    Sent send(List<Trace> traces) throws InterruptedException {
        List<io.opentelemetry.proto.trace.v1.Span> spans = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        String invalidReason = null;
        for (Trace trace : traces) {
            try {
                spans.addAll(requests.spans(trace));
                valid++;
            } catch (RuntimeException e) {
                invalid++;
                invalidReason = invalidReason == null ? trace.traceId() + ": " + e.getMessage() : invalidReason;
            }
        }
        if (invalid > 0) {
            counters.failedTraces.addAndGet(invalid);
            LOG.log(System.Logger.Level.WARNING, "Not exporting {0} trace(s) over OTLP: {1}", invalid, invalidReason);
        }
        if (valid == 0) {
            return new Sent(0, invalid, invalidReason);
        }
        byte[] body = requests.request(spans).toByteArray();
        for (int attempt = 0; ; attempt++) {
            OtlpHttp.Answer answer = null;
            IOException unreachable = null;
            try {
                answer = http.post(body);
            } catch (IOException e) {
                unreachable = e;
            }
            if (answer != null && answer.ok()) {
                long accepted = Math.max(0, spans.size() - answer.rejectedSpans());
                counters.exportedTraces.addAndGet(valid);
                counters.exportedSpans.addAndGet(accepted);
                counters.rejectedSpans.addAndGet(spans.size() - accepted);
                return new Sent(accepted, invalid, invalidReason);
            }
            boolean retryable = answer == null || answer.retryable();
            if (!retryable || attempt >= config.maxRetries()) {
                counters.failedTraces.addAndGet(valid);
                throw failure(answer, unreachable, attempt, valid);
            }
            counters.retries.incrementAndGet();
            Thread.sleep(backoff.delay(attempt, answer == null ? Optional.empty() : answer.retryAfter()));
        }
    }

    private OtlpExportException failure(OtlpHttp.Answer answer, IOException unreachable, int retries, int traces) {
        String why = answer != null
                ? "answered HTTP " + answer.status() + (answer.message().isEmpty() ? "" : ": " + answer.message())
                : "could not be reached (" + describe(unreachable) + ")";
        String message = "The OTLP collector at " + config.endpoint() + " " + why
                + (retries > 0 ? " after " + retries + " retries" : "") + "; " + traces + " trace(s) not exported";
        if (answer != null && (answer.status() == 422 || answer.status() == 400)) {
            message += hint();
        }
        return new OtlpExportException(
                message, 0, answer == null ? 0 : answer.status(), answer == null || answer.retryable(), unreachable);
    }

    // MLflow refuses requests without the experiment header with a 422, which reads as a data problem.
    private String hint() {
        return config.headers().keySet().stream().anyMatch(OtlpConfig.MLFLOW_EXPERIMENT_HEADER::equalsIgnoreCase)
                ? ""
                : " (an MLflow server needs the " + OtlpConfig.MLFLOW_EXPERIMENT_HEADER
                        + " header: set MLFLOW_EXPERIMENT_ID)";
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
