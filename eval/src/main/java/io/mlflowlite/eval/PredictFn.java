package io.mlflowlite.eval;

import java.util.Map;

/**
 * The application under evaluation: called once per row with the row's inputs, it returns the output — a String,
 * or any object Jackson serializes (recorded as JSON); a {@link io.mlflowlite.chat.ChatResponse} is recorded as its
 * content. It runs inside a span on the calling thread, so every gateway call it makes on that thread lands in the
 * row's one trace (tokens, cost and latency are read from there). Called concurrently for different rows: it must
 * be thread-safe. What it throws is recorded as the row's error; the run goes on.
 */
@FunctionalInterface
public interface PredictFn {
    Object predict(Map<String, Object> inputs) throws Exception;
}
