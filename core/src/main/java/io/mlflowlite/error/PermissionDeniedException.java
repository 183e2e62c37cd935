package io.mlflowlite.error;

/**
 * HTTP 403: the caller is known but may not do this, such as a virtual key used on an endpoint it is not allowed
 * to call. Sending the same request with the same key fails again; the message names the key, what it asked for
 * and what it may use instead.
 */
public class PermissionDeniedException extends MlflowliteException {
    public PermissionDeniedException(String message) {
        super(message);
    }
}
