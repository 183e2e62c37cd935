package io.mlflowlite.suggest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.provider.openai.OpenAiWire;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracing;
import java.util.Optional;

/**
 * Finds the request behind a response in its trace: the CHAT_MODEL span whose output has the response's id
 * (or the root CHAT_MODEL span), whose inputs are the OpenAI-shaped request. Empty when tracing was off, the
 * trace is not recorded yet (a call inside a still open span), or the inputs were redacted beyond parsing.
 */
final class RequestLookup {
    private RequestLookup() {}

    static Optional<ChatRequest> find(ChatResponse response, Tracing tracing) {
        if (tracing == null || response.traceId().isEmpty()) {
            return Optional.empty();
        }
        return tracing.getTrace(response.traceId().get())
                .flatMap(trace -> span(trace, response))
                .map(Span::inputs)
                .flatMap(RequestLookup::parse);
    }

    /** The trace with the response's own span, for the suggestion model's context. */
    static Optional<Trace> trace(ChatResponse response, Tracing tracing) {
        return tracing == null || response.traceId().isEmpty()
                ? Optional.empty()
                : tracing.getTrace(response.traceId().get());
    }

    private static Optional<Span> span(Trace trace, ChatResponse response) {
        Optional<Span> byId = trace.spans().stream()
                .filter(s -> s.type() == SpanType.CHAT_MODEL
                        && s.outputs() != null
                        && response.id() != null
                        && response.id().equals(s.outputs().path("id").asText(null)))
                .findFirst();
        return byId.isPresent() ? byId : trace.root().filter(s -> s.type() == SpanType.CHAT_MODEL);
    }

    private static Optional<ChatRequest> parse(JsonNode inputs) {
        if (inputs == null || !inputs.path("messages").isArray()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OpenAiWire.parseRequest(inputs));
        } catch (RuntimeException e) {
            // Redaction or an older trace shape can leave inputs the parser rejects; suggestions then read
            // the response alone rather than failing.
            return Optional.empty();
        }
    }
}
