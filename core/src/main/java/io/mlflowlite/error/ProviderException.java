package io.mlflowlite.error;

import java.util.Optional;

/**
 * A provider answered with an error. Keeps the provider's HTTP status, error type, code and message as it
 * sent them, and whether the failure is worth retrying (429, 408, 5xx: yes; 400, 401, 403, 404: no).
 */
public class ProviderException extends MlflowliteException {
    private final String provider;
    private final int status;
    private final String type;
    private final String code;
    private final String providerMessage;
    private final boolean retryable;

    public ProviderException(
            String provider, int status, String type, String code, String providerMessage, boolean retryable) {
        super(provider + " returned HTTP " + status + (type == null ? "" : " (" + type + ")") + ": " + providerMessage);
        this.provider = provider;
        this.status = status;
        this.type = type;
        this.code = code;
        this.providerMessage = providerMessage;
        this.retryable = retryable;
    }

    /** Whether the status is one worth retrying: 408, 409, 429 and every 5xx. */
    public static boolean retryableStatus(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    /** The provider that answered, such as {@code openai}. */
    public String provider() {
        return provider;
    }

    /** The HTTP status the provider answered with. */
    public int status() {
        return status;
    }

    /** The provider's error type, such as {@code invalid_request_error} or {@code overloaded_error}. */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** The provider's error code, when it sent one. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** The provider's own message, unchanged. */
    public String providerMessage() {
        return providerMessage;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
