package io.mlflowlite.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an assistant message carries besides its text and tool calls: OpenAI's {@code refusal}, the model's
 * reasoning blocks (written as {@code reasoning_content} and {@code thinking_blocks}), and provider fields that
 * OpenAI's shape has no place for (citations, safety ratings, server-tool blocks …), written into the message
 * under their documented names (docs/providers.md). Immutable.
 *
 * @param refusal   the model's refusal text, or null
 * @param reasoning the reasoning blocks in the order the model produced them
 * @param fields    extension fields by name, in the order added
 */
public record MessageExtras(String refusal, List<ReasoningBlock> reasoning, Map<String, JsonNode> fields) {
    /** No extras. */
    public static final MessageExtras NONE = new MessageExtras(null, List.of(), Map.of());

    public MessageExtras {
        reasoning = reasoning == null ? List.of() : List.copyOf(reasoning);
        // kept in insertion order so the written JSON is stable
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Whether there is nothing in here. */
    public boolean isEmpty() {
        return refusal == null && reasoning.isEmpty() && fields.isEmpty();
    }

    /** The readable reasoning text of every thinking block, joined; null when there is none. */
    public String reasoningText() {
        String text = reasoning.stream().map(ReasoningBlock::thinking).collect(Collectors.joining());
        return text.isEmpty() ? null : text;
    }

    /** These extras with {@code refusal}. */
    public MessageExtras withRefusal(String refusal) {
        return new MessageExtras(refusal, reasoning, fields);
    }

    /** These extras with {@code reasoning}. */
    public MessageExtras withReasoning(List<ReasoningBlock> reasoning) {
        return new MessageExtras(refusal, reasoning, fields);
    }

    /** These extras plus (or with a new value for) the extension field {@code name}. */
    public MessageExtras withField(String name, JsonNode value) {
        Map<String, JsonNode> all = new LinkedHashMap<>(fields);
        all.put(name, value);
        return new MessageExtras(refusal, reasoning, all);
    }
}
