package io.mlflowlite.suggest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.Trace;
import java.util.List;
import java.util.Optional;

/**
 * The compact JSON the suggestion model reads: the request (message texts cut at {@value #MAX_TEXT}
 * characters), the response, usage, cost, latency, attempts, the catalog entry, the trace's span tree, and
 * the heuristic findings (so the model can confirm, refine or add to them).
 */
final class TraceSummary {
    static final int MAX_TEXT = 2_000;

    private TraceSummary() {}

    static ObjectNode of(SuggestionContext context, Optional<Trace> trace, List<Suggestion> findings) {
        ChatResponse response = context.response();
        ObjectNode root = Json.object();
        context.request().ifPresentOrElse(r -> root.set("request", request(r)), () -> root.putNull("request"));
        ObjectNode out = root.putObject("response");
        out.put("model", response.model())
                .put("provider", response.provider())
                .put("finish_reason", response.finishReason().wire())
                .put("content", cut(response.content()));
        ArrayNode calls = out.putArray("tool_calls");
        for (ToolCall call : response.toolCalls()) {
            calls.addObject().put("name", call.name()).put("arguments", cut(call.arguments()));
        }
        Usage u = response.usage();
        root.putObject("usage")
                .put("prompt_tokens", u.promptTokens())
                .put("completion_tokens", u.completionTokens())
                .put("cached_tokens", u.cachedTokens())
                .put("cache_write_tokens", u.cacheWriteTokens())
                .put("reasoning_tokens", u.reasoningTokens())
                .put("estimated", u.estimated());
        Cost c = response.cost();
        root.putObject("cost_usd")
                .put("total", c.total())
                .put("input", c.input())
                .put("cached_input", c.cachedInput())
                .put("cache_write", c.cacheWrite())
                .put("output", c.output())
                .put("reasoning", c.reasoning())
                .put("priced", c.priced());
        root.put("latency_ms", response.latency().toMillis());
        ArrayNode attempts = root.putArray("attempts");
        for (Attempt a : response.attempts()) {
            attempts.addObject()
                    .put("number", a.number())
                    .put("model", a.model())
                    .put("provider", a.provider())
                    .put("outcome", a.outcome().name())
                    .put("status", a.status())
                    .put("error", a.error())
                    .put("latency_ms", a.latency().toMillis())
                    .put("backoff_ms", a.backoff().toMillis());
        }
        context.entry().ifPresent(e -> {
            ObjectNode entry = root.putObject("model_catalog_entry");
            entry.put("name", e.name())
                    .put("context_window", e.contextWindow())
                    .put("max_output_tokens", e.maxOutputTokens());
            e.capabilities().stream().sorted().forEach(entry.putArray("capabilities")::add);
        });
        trace.ifPresent(t -> root.put("trace", t.summary()));
        ArrayNode found = root.putArray("heuristic_findings");
        for (Suggestion s : findings) {
            found.addObject()
                    .put("kind", s.kind())
                    .put("severity", s.severity().name())
                    .put("title", s.title())
                    .put("evidence", s.evidence());
        }
        return root;
    }

    private static ObjectNode request(ChatRequest r) {
        ObjectNode node = Json.object().put("model", r.model());
        ArrayNode messages = node.putArray("messages");
        for (Message m : r.messages()) {
            messages.addObject().put("role", m.role().wireName()).put("content", cut(m.text()));
        }
        if (r.maxTokens() != null) {
            node.put("max_tokens", r.maxTokens());
        }
        if (r.temperature() != null) {
            node.put("temperature", r.temperature());
        }
        if (r.responseFormat() != null) {
            node.put("response_format", r.responseFormat().type());
        }
        if (r.reasoningEffort() != null) {
            node.put("reasoning_effort", r.reasoningEffort().wire());
        }
        if (!r.tools().isEmpty()) {
            r.tools().stream().map(ToolDefinition::name).forEach(node.putArray("tools")::add);
        }
        if (r.fallbackModels() != null) {
            r.fallbackModels().forEach(node.putArray("fallback_models")::add);
        }
        return node;
    }

    private static String cut(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TEXT
                ? text
                : text.substring(0, MAX_TEXT) + "… [" + (text.length() - MAX_TEXT) + " more characters]";
    }
}
