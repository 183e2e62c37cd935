package io.mlflowlite.otel;

import io.mlflowlite.error.MlflowliteException;

/**
 * {@link OtlpExporter#exportNow} could not deliver every trace: the collector refused a request, or kept
 * failing through every retry. The message names the endpoint, the HTTP status or connection error and the
 * collector's own words; {@link #acceptedSpans()} tells how many spans had been delivered before.
 */
public class OtlpExportException extends MlflowliteException {
    private final long acceptedSpans;
    private final int status;
    private final boolean retryable;

    /**
     * @param acceptedSpans spans delivered before the failure
     * @param status        the HTTP status of the refusal, or 0 when there was none
     * @param retryable     whether sending the same traces later may succeed (the collector was busy or away)
     */
    public OtlpExportException(String message, long acceptedSpans, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.acceptedSpans = acceptedSpans;
        this.status = status;
        this.retryable = retryable;
    }

    /** Spans the collector accepted before this failure. */
    public long acceptedSpans() {
        return acceptedSpans;
    }

    /** The HTTP status of the refusal, or 0 when the collector could not be reached or the traces were invalid. */
    public int status() {
        return status;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
