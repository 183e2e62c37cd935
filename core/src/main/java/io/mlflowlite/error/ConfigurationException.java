package io.mlflowlite.error;

/**
 * mlflowlite is not set up to do what was asked: a provider's API key is missing (the message names the
 * environment variable to set), a base URL or a catalog/price file is invalid.
 */
public class ConfigurationException extends MlflowliteException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
