package io.mlflowlite.eval;

import io.mlflowlite.error.MlflowliteException;

/**
 * A dataset file or list could not be read: the message names the source, the line (or row) and what is wrong,
 * e.g. {@code rows.csv line 7: 3 cells, the header has 2}.
 */
public class InvalidDatasetException extends MlflowliteException {
    public InvalidDatasetException(String message) {
        super(message);
    }

    public InvalidDatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
