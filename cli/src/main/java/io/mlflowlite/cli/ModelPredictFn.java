package io.mlflowlite.cli;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.eval.PredictFn;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.prompt.PromptVersion;
import java.util.List;
import java.util.Map;

/**
 * {@code eval run}'s application: one chat call per row on {@code --model}. With {@code --prompt} the row's inputs
 * fill the prompt version's variables; otherwise the inputs' {@code messages} are the chat, or else the lone input,
 * or {@code question}/{@code query}/{@code input}/{@code prompt}/{@code request}, is the user message. Thread-safe.
 */
record ModelPredictFn(Gateway gateway, String model, PromptVersion prompt) implements PredictFn {
    private static final List<String> REQUEST_KEYS = List.of("question", "query", "input", "prompt", "request");

    @Override
    public Object predict(Map<String, Object> inputs) {
        ChatRequest.Builder request = prompt != null ? prompt.render(inputs) : fromInputs(inputs);
        return gateway.completion(request.model(model).build()).content();
    }

    static ChatRequest.Builder fromInputs(Map<String, Object> inputs) {
        ChatRequest.Builder request = ChatRequest.builder();
        if (inputs.get("messages") instanceof List<?> messages) {
            for (Object item : messages) {
                if (!(item instanceof Map<?, ?> m) || !(m.get("role") instanceof String role)) {
                    throw new IllegalArgumentException("inputs.messages must be a list of {\"role\", \"content\"}");
                }
                Object content = m.get("content");
                request.addMessage(Message.of(
                        Role.fromWire(role),
                        content instanceof String s ? s : Json.tree(content).toString()));
            }
            return request;
        }
        return request.addUserMessage(text(inputs));
    }

    private static String text(Map<String, Object> inputs) {
        if (inputs.size() == 1 && inputs.values().iterator().next() instanceof String lone) {
            return lone;
        }
        for (String key : REQUEST_KEYS) {
            if (inputs.get(key) instanceof String text) {
                return text;
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("the row has no inputs to send to the model");
        }
        return Json.tree(inputs).toString();
    }
}
