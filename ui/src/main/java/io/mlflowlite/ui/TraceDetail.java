package io.mlflowlite.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One trace as its page shows it: the summary, the span tree in order with each span's place on the timing
 * waterfall, the chat messages of the root call by role (tool calls and results included), the attempts, the
 * linked prompt versions and the assessments. Immutable.
 */
public record TraceDetail(
        TraceInfo info,
        String endpoint,
        List<SpanRow> spans,
        List<Message> messages,
        List<Attempt> attempts,
        List<PromptLink> prompts,
        List<Assessment> assessments,
        Map<String, String> tags) {

    /** One span: depth in the tree, its bar on the waterfall (percent of the trace), and its details. */
    public record SpanRow(
            String id,
            String name,
            String type,
            String status,
            String statusMessage,
            int depth,
            double offsetPct,
            double widthPct,
            String duration,
            String inputs,
            String outputs,
            Map<String, String> attributes,
            List<String> events) {
        /** Left indentation of the name, in rem. */
        public double indent() {
            return depth * 1.1;
        }
    }

    /**
     * One chat message: its role, text, and the tool calls it made (name and arguments) or the call it answers.
     */
    public record Message(String role, String text, List<ToolCall> toolCalls, String toolCallId, boolean output) {}

    /** A tool call a message asked for. */
    public record ToolCall(String id, String name, String arguments) {}

    /** One attempt of the call (a retry or a fallback): the model, its outcome and its time. */
    public record Attempt(String name, String outcome, String duration, String status) {}

    /** A prompt version the trace used, with where its page is. */
    public record PromptLink(String name, String version) {}

    static TraceDetail of(Trace trace) {
        TraceInfo info = trace.info();
        List<Span> all = trace.spans();
        long start = all.stream().mapToLong(Span::startNanos).min().orElse(0);
        long end = all.stream().mapToLong(Span::endNanos).max().orElse(start);
        double total = Math.max(1, end - start);
        Map<String, List<Span>> children = new HashMap<>();
        List<Span> roots = new ArrayList<>();
        Map<String, Span> byId = new HashMap<>();
        all.forEach(s -> byId.put(s.spanId(), s));
        for (Span s : all) {
            if (s.parentId() == null || !byId.containsKey(s.parentId())) {
                roots.add(s);
            } else {
                children.computeIfAbsent(s.parentId(), k -> new ArrayList<>()).add(s);
            }
        }
        List<SpanRow> rows = new ArrayList<>();
        Comparator<Span> order = Comparator.comparingLong(Span::startNanos).thenComparing(Span::spanId);
        roots.sort(order);
        for (Span root : roots) {
            walk(root, 0, children, order, start, total, rows);
        }
        Span root = trace.root().orElse(roots.isEmpty() ? null : roots.getFirst());
        List<Message> messages = new ArrayList<>();
        String endpoint = null;
        List<Attempt> attempts = new ArrayList<>();
        if (root != null) {
            messages.addAll(
                    messages(root.inputs() == null ? null : root.inputs().path("messages"), false));
            JsonNode choices = root.outputs() == null ? null : root.outputs().path("choices");
            if (choices != null && choices.isArray()) {
                for (JsonNode c : choices) {
                    messages.addAll(messages(List.of(c.path("message")), true));
                }
            }
            Object ep = root.attributes().get("mlflowlite.endpoint");
            endpoint = ep == null ? null : String.valueOf(ep);
            for (Span child : children.getOrDefault(root.spanId(), List.of())) {
                Object outcome = child.attributes().get("mlflowlite.attempt.outcome");
                if (outcome != null) {
                    attempts.add(new Attempt(
                            child.name(),
                            String.valueOf(outcome),
                            Fmt.ms((child.endNanos() - child.startNanos()) / 1e6),
                            child.status() == null ? "" : child.status().name()));
                }
            }
        }
        List<PromptLink> prompts = new ArrayList<>();
        String linked = info.tags().get("mlflow.linkedPrompts");
        if (linked != null) {
            try {
                for (JsonNode p : io.mlflowlite.json.Json.MAPPER.readTree(linked)) {
                    prompts.add(new PromptLink(
                            p.path("name").asText(), p.path("version").asText()));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // not a list we can read: the tag still shows among the tags
            }
        }
        return new TraceDetail(
                info, endpoint, rows, messages, attempts, prompts, info.assessments(), new TreeMap<>(info.tags()));
    }

    private static void walk(
            Span span,
            int depth,
            Map<String, List<Span>> children,
            Comparator<Span> order,
            long start,
            double total,
            List<SpanRow> rows) {
        Map<String, String> attributes = new TreeMap<>();
        span.attributes().forEach((k, v) -> attributes.put(k, Fmt.value(v)));
        List<String> events = span.events().stream()
                .map(e -> e.name() + (e.attributes().isEmpty() ? "" : " " + Fmt.value(e.attributes())))
                .toList();
        double offset = 100.0 * (span.startNanos() - start) / total;
        double width = Math.max(0.4, 100.0 * (span.endNanos() - span.startNanos()) / total);
        rows.add(new SpanRow(
                span.spanId(),
                span.name(),
                span.type() == null ? "UNKNOWN" : span.type().name(),
                span.status() == null ? "UNSET" : span.status().name(),
                span.statusMessage(),
                depth,
                offset,
                Math.min(width, 100 - offset),
                Fmt.ms((span.endNanos() - span.startNanos()) / 1e6),
                Fmt.json(span.inputs()),
                Fmt.json(span.outputs()),
                attributes,
                events));
        List<Span> kids = new ArrayList<>(children.getOrDefault(span.spanId(), List.of()));
        kids.sort(order);
        for (Span kid : kids) {
            walk(kid, depth + 1, children, order, start, total, rows);
        }
    }

    private static List<Message> messages(Iterable<JsonNode> list, boolean output) {
        List<Message> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (JsonNode m : list) {
            if (m == null || !m.isObject()) {
                continue;
            }
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode c : m.path("tool_calls")) {
                calls.add(new ToolCall(
                        c.path("id").asText(""),
                        c.path("function").path("name").asText(""),
                        c.path("function").path("arguments").asText("")));
            }
            out.add(new Message(
                    m.path("role").asText("assistant"),
                    text(m.path("content")),
                    calls,
                    m.path("tool_call_id").asText(null),
                    output));
        }
        return out;
    }

    /** A message's content: a string, or the text of its parts (other parts named by their type). */
    private static String text(JsonNode content) {
        if (content == null || content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(
                    part.has("text")
                            ? part.path("text").asText()
                            : "[" + part.path("type").asText("part") + "]");
        }
        return text.toString();
    }

    /** The tags to list beside the linked prompts (that one shows as links). */
    public Map<String, String> otherTags() {
        Map<String, String> other = new LinkedHashMap<>(tags);
        other.remove("mlflow.linkedPrompts");
        return other;
    }
}
