package io.mlflowlite.error;

/**
 * HTTP 401: the caller could not be identified: no API key, an unknown key, or a revoked one. The message never
 * contains the key presented.
 */
public class AuthenticationException extends MlflowliteException {
    public AuthenticationException(String message) {
        super(message);
    }
}
