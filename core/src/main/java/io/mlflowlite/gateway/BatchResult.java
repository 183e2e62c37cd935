package io.mlflowlite.gateway;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.error.MlflowliteException;
import java.util.Optional;

/**
 * The outcome of one item of {@link Gateway#batchCompletion}: its response or its error, never both.
 *
 * @param index the item's position in the input
 */
public record BatchResult(int index, ChatResponse response, MlflowliteException error) {

    public static BatchResult success(int index, ChatResponse response) {
        return new BatchResult(index, response, null);
    }

    public static BatchResult failure(int index, MlflowliteException error) {
        return new BatchResult(index, null, error);
    }

    public boolean isSuccess() {
        return response != null;
    }

    public Optional<ChatResponse> responseIfPresent() {
        return Optional.ofNullable(response);
    }

    public Optional<MlflowliteException> errorIfPresent() {
        return Optional.ofNullable(error);
    }

    /** The response, or the error thrown. */
    public ChatResponse getOrThrow() {
        if (error != null) {
            throw error;
        }
        return response;
    }
}
