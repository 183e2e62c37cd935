package io.mlflowlite.cost;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Usage;

/** Placeholder replaced by the real estimator. */
public final class TokenEstimator {
    public Usage estimate(ChatRequest request, String model, String output) {
        return new Usage(0, 0, 0, 0, 0, 0, true);
    }
}
