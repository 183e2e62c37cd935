package io.mlflowlite.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.json.Json;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptType;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.routing.EndpointRouter;
import io.mlflowlite.tracing.Redactor;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceState;
import io.mlflowlite.tracing.TraceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline dataset from an endpoint's recent traffic: the successful calls of the endpoint since a time, their
 * inputs recovered (the bound prompt's variables, or the caller's messages), deduplicated by inputs, redacted
 * (secrets always, plus any patterns given), and a seeded sample of them, each keeping today's answer as
 * {@code expectations.reference_output} and its trace id. Labels, when given, join by equal inputs and add their
 * expectations. Stateless.
 */
public final class BaselineCapture {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    /** What a capture found: the rows, and the counts behind them (the event's evidence). */
    public record Result(List<EvalRow> rows, ObjectNode evidence) {}

    private BaselineCapture() {}

    /**
     * Captures up to {@code sample} rows from {@code traces}: calls of {@code endpoint} since {@code since}, reading
     * at most {@code maxTraces} traces, newest first.
     *
     * @param prompt the version bound to the endpoint, whose variables are read back from the rendered messages,
     *               or null when the endpoint renders no prompt
     * @param labels rows whose expectations are added to the captured rows with equal inputs, or null
     */
    public static Result fromTraces(
            TraceStore traces,
            String endpoint,
            PromptVersion prompt,
            Instant since,
            int maxTraces,
            int sample,
            long seed,
            Redactor redactor,
            Dataset labels) {
        int read = 0;
        int other = 0;
        int failed = 0;
        int unreadable = 0;
        int redacted = 0;
        Map<String, EvalRow> unique = new LinkedHashMap<>();
        int duplicates = 0;
        String token = null;
        do {
            TracePage page = traces.search(TraceQuery.builder()
                    .from(since)
                    .pageSize(Math.min(TraceQuery.MAX_PAGE_SIZE, maxTraces))
                    .pageToken(token)
                    .build());
            for (TraceInfo info : page.traces()) {
                if (read >= maxTraces) {
                    break;
                }
                read++;
                if (info.state() != TraceState.OK) {
                    failed++;
                    continue;
                }
                Optional<Trace> trace = traces.get(info.traceId());
                Optional<Span> call = trace.flatMap(t -> endpointSpan(t, endpoint));
                if (call.isEmpty()) {
                    other++;
                    continue;
                }
                Optional<EvalRow> row = row(call.get(), prompt, info.traceId());
                if (row.isEmpty()) {
                    unreadable++;
                    continue;
                }
                EvalRow clean = redact(row.get(), redactor);
                if (!clean.equals(row.get())) {
                    redacted++;
                }
                String key = canonical(clean.inputs());
                if (unique.putIfAbsent(key, clean) != null) {
                    duplicates++;
                }
            }
            token = page.nextPageToken().orElse(null);
        } while (token != null && read < maxTraces);
        // in the order of their inputs, then a seeded shuffle: the same calls give the same rows in the same order,
        // whatever order their traces were written in
        List<String> keys = new ArrayList<>(unique.keySet());
        Collections.sort(keys);
        List<EvalRow> rows = new ArrayList<>();
        keys.forEach(k -> rows.add(unique.get(k)));
        Collections.shuffle(rows, new Random(seed));
        List<EvalRow> kept = rows.size() > sample ? new ArrayList<>(rows.subList(0, sample)) : rows;
        int labelled = 0;
        if (labels != null) {
            Map<String, EvalRow> byInputs = new HashMap<>();
            for (EvalRow l : labels.rows()) {
                byInputs.putIfAbsent(inputKey(l.inputs()), l);
            }
            List<EvalRow> joined = new ArrayList<>();
            for (EvalRow r : kept) {
                EvalRow l = byInputs.get(inputKey(r.inputs()));
                if (l != null) {
                    labelled++;
                    Map<String, Object> inputs = new LinkedHashMap<>(l.inputs());
                    inputs.putAll(r.inputs());
                    Map<String, Object> expectations = new LinkedHashMap<>(l.expectations());
                    expectations.putAll(r.expectations());
                    r = new EvalRow(inputs, r.outputs(), expectations, r.traceId());
                }
                joined.add(r);
            }
            kept = joined;
        }
        ObjectNode evidence = Json.object();
        evidence.put("source", "traces");
        evidence.put("endpoint", endpoint);
        evidence.put("since", since.toString());
        evidence.put("traces_read", read);
        evidence.put("other_endpoints", other);
        evidence.put("failed_calls", failed);
        evidence.put("unreadable", unreadable);
        evidence.put("duplicates", duplicates);
        evidence.put("unique", unique.size());
        evidence.put("redacted_rows", redacted);
        evidence.put("rows", kept.size());
        evidence.put("seed", seed);
        if (labels != null) {
            evidence.put("labelled", labelled);
            evidence.put("labels", labels.source());
        }
        return new Result(kept, evidence);
    }

    /** A row's inputs as the key labels join by: the question (or the whole inputs) as canonical JSON. */
    private static String inputKey(Map<String, Object> inputs) {
        Object question = inputs.get("question");
        return question != null ? "q:" + question : canonical(inputs);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper SORTED = Json.MAPPER
            .copy()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** {@code value} as JSON with map keys sorted: equal inputs give equal text. */
    static String canonical(Object value) {
        try {
            return SORTED.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Inputs that are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The CHAT_MODEL span of a call to {@code endpoint} (directly, or through a route of that name). */
    static Optional<Span> endpointSpan(Trace trace, String endpoint) {
        for (Span s : trace.spans()) {
            Object e = s.attributes().get(EndpointRouter.ENDPOINT_ATTRIBUTE);
            Object r = s.attributes().get(EndpointRouter.ROUTE_ATTRIBUTE);
            if (endpoint.equals(e) || endpoint.equals(r)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The row of one call: inputs from its request, today's answer from its response. */
    static Optional<EvalRow> row(Span call, PromptVersion prompt, String traceId) {
        JsonNode request = call.inputs();
        JsonNode messages = request.path("messages");
        String answer = call.outputs()
                .path("choices")
                .path(0)
                .path("message")
                .path("content")
                .asText(null);
        if (!messages.isArray() || answer == null) {
            return Optional.empty();
        }
        List<Map.Entry<String, String>> turns = new ArrayList<>();
        for (JsonNode m : messages) {
            if (!m.path("content").isTextual()) {
                return Optional.empty(); // images, tool calls: not replayed here
            }
            turns.add(Map.entry(m.path("role").asText(), m.get("content").asText()));
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        int start = 0;
        if (prompt != null) {
            Optional<Map<String, String>> variables = variables(prompt, turns);
            if (variables.isEmpty()) {
                return Optional.empty();
            }
            inputs.putAll(variables.get());
            start = prompt.template().type() == PromptType.TEXT
                    ? 1
                    : prompt.template().messages().size();
        }
        List<Map.Entry<String, String>> own = turns.subList(start, turns.size());
        if (!own.isEmpty()) {
            if (prompt == null && own.size() == 1 && own.get(0).getKey().equals("user")) {
                inputs.put("question", own.get(0).getValue());
            } else {
                List<Map<String, String>> list = new ArrayList<>();
                own.forEach(t -> list.add(Map.of("role", t.getKey(), "content", t.getValue())));
                inputs.put("messages", list);
            }
        }
        if (inputs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(EvalRow.builder()
                .inputs(inputs)
                .expectation(AgreementScorer.REFERENCE, answer)
                .traceId(traceId)
                .build());
    }

    /** The variables that rendered {@code prompt} into the first messages of {@code turns}, if it did. */
    static Optional<Map<String, String>> variables(PromptVersion prompt, List<Map.Entry<String, String>> turns) {
        List<PromptMessage> templates = prompt.template().type() == PromptType.TEXT
                ? List.of(PromptMessage.user(prompt.template().text().orElse("")))
                : prompt.template().messages();
        if (turns.size() < templates.size()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < templates.size(); i++) {
            PromptMessage t = templates.get(i);
            Map.Entry<String, String> turn = turns.get(i);
            if (!t.role().equals(turn.getKey())) {
                return Optional.empty();
            }
            Optional<Map<String, String>> found = match(t.content(), turn.getValue());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            for (Map.Entry<String, String> e : found.get().entrySet()) {
                String before = values.putIfAbsent(e.getKey(), e.getValue());
                if (before != null && !before.equals(e.getValue())) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(values);
    }

    /** Reads the variables of one template back from its rendered text. */
    static Optional<Map<String, String>> match(String template, String rendered) {
        StringBuilder regex = new StringBuilder("(?s)");
        Matcher m = VARIABLE.matcher(template);
        List<String> names = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(at, m.start())));
            String name = m.group(1);
            if (seen.add(name)) {
                regex.append("(.*?)");
                names.add(name);
            } else {
                regex.append("\\").append(names.indexOf(name) + 1);
            }
            at = m.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        Matcher r = Pattern.compile(regex.toString()).matcher(rendered);
        if (!r.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), r.group(i + 1));
        }
        return Optional.of(values);
    }

    private static EvalRow redact(EvalRow row, Redactor redactor) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        row.inputs().forEach((k, v) -> inputs.put(k, redactValue(v, redactor)));
        Map<String, Object> expectations = new LinkedHashMap<>();
        row.expectations().forEach((k, v) -> expectations.put(k, redactValue(v, redactor)));
        return new EvalRow(inputs, row.outputs(), expectations, row.traceId());
    }

    private static Object redactValue(Object value, Redactor redactor) {
        if (value instanceof String s) {
            return redactor.text(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> redactValue(v, redactor)).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), redactValue(v, redactor)));
            return out;
        }
        return value;
    }
}
