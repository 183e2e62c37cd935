package io.mlflowlite.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What an endpoint serves, named as in MLflow's AI Gateway ({@code endpoint_type}, a route's {@code task_type}). */
public enum EndpointType {
    /** Chat completions ({@code llm/v1/chat}). */
    CHAT("llm/v1/chat"),
    /** Text completions ({@code llm/v1/completions}); served through the chat pipeline, the prompt as a user message. */
    COMPLETIONS("llm/v1/completions"),
    /** Embeddings ({@code llm/v1/embeddings}). */
    EMBEDDINGS("llm/v1/embeddings");

    private final String wireName;

    EndpointType(String wireName) {
        this.wireName = wireName;
    }

    /** The name configuration files use, such as {@code llm/v1/chat}. */
    public String wireName() {
        return wireName;
    }

    /** Whether chat calls may use an endpoint of this type. */
    public boolean servesChat() {
        return this != EMBEDDINGS;
    }

    /** The type called {@code wireName} ({@code llm/v1/chat} …). */
    public static Optional<EndpointType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    /** Every wire name, for error messages. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EndpointType::wireName).toList();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
