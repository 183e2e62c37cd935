package io.mlflowlite.ui;

import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceSort;
import io.mlflowlite.tracing.TraceState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The trace list's filter, as the form sends it in the query string: every field optional. Immutable.
 *
 * @param text        searched in the requests and responses
 * @param status      {@code OK} or {@code ERROR}
 * @param experiment  an A/B test or rollout ({@code mlflowlite.experiment} tag)
 * @param variant     its variant ({@code mlflowlite.variant} tag)
 * @param tag         {@code key=value}
 * @param minCost     dollars
 * @param minLatency  milliseconds
 * @param sort        {@code newest}, {@code oldest}, {@code cost_desc}, {@code cost_asc}, {@code latency_desc}
 *                    or {@code latency_asc}
 * @param judges      whether evaluation judge calls are listed too (hidden by default)
 * @param prompt      {@code name/version} of a prompt version the traces used
 * @param page        the page token
 */
public record TraceFilter(
        String text,
        String model,
        String endpoint,
        String status,
        String experiment,
        String variant,
        String tag,
        String minCost,
        String minLatency,
        String sort,
        boolean judges,
        String prompt,
        String page) {

    /** The tag evaluation judge calls carry. */
    static final String JUDGE_TAG = "mlflowlite.eval.judge";

    static final int PAGE_SIZE = 50;

    static TraceFilter from(Map<String, String> p) {
        return new TraceFilter(
                get(p, "q"),
                get(p, "model"),
                get(p, "endpoint"),
                get(p, "status"),
                get(p, "experiment"),
                get(p, "variant"),
                get(p, "tag"),
                get(p, "min_cost"),
                get(p, "min_latency_ms"),
                get(p, "sort"),
                "1".equals(p.get("judges")),
                get(p, "prompt"),
                get(p, "page"));
    }

    private static String get(Map<String, String> p, String name) {
        String v = p.get(name);
        return v == null || v.isBlank() ? "" : v.strip();
    }

    /** The store query; a malformed field is an {@link IllegalArgumentException} naming it. */
    TraceQuery query() {
        TraceQuery.Builder q = TraceQuery.builder().pageSize(PAGE_SIZE).text(text);
        if (!model.isEmpty()) {
            q.model(model);
        }
        if (!endpoint.isEmpty()) {
            q.endpoint(endpoint);
        }
        if (!status.isEmpty()) {
            q.state(parse(() -> TraceState.valueOf(status.toUpperCase(Locale.ROOT)), "status", status));
        }
        if (!experiment.isEmpty()) {
            q.tag("mlflowlite.experiment", experiment);
        }
        if (!variant.isEmpty()) {
            q.tag("mlflowlite.variant", variant);
        }
        if (!tag.isEmpty()) {
            int eq = tag.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("tag must be key=value, was '" + tag + "'");
            }
            q.tag(tag.substring(0, eq).strip(), tag.substring(eq + 1).strip());
        }
        if (!minCost.isEmpty()) {
            q.minCost(parse(() -> new BigDecimal(minCost), "min_cost", minCost));
        }
        if (!minLatency.isEmpty()) {
            q.minLatency(Duration.ofMillis(parse(() -> Long.parseLong(minLatency), "min_latency_ms", minLatency)));
        }
        q.sort(sortOrder());
        if (!judges) {
            q.withoutTag(JUDGE_TAG);
        }
        if (!prompt.isEmpty()) {
            int slash = prompt.lastIndexOf('/');
            if (slash <= 0) {
                throw new IllegalArgumentException("prompt must be name/version, was '" + prompt + "'");
            }
            q.linkedPrompt(
                    prompt.substring(0, slash),
                    parse(() -> Integer.parseInt(prompt.substring(slash + 1)), "prompt", prompt));
        }
        if (!page.isEmpty()) {
            q.pageToken(page);
        }
        return q.build();
    }

    TraceSort sortOrder() {
        return sort.isEmpty()
                ? TraceSort.NEWEST
                : parse(() -> TraceSort.valueOf(sort.toUpperCase(Locale.ROOT)), "sort", sort);
    }

    /** The sort orders the form offers: value and label. */
    public List<List<String>> sorts() {
        return List.of(
                List.of("newest", "Newest first"),
                List.of("oldest", "Oldest first"),
                List.of("cost_desc", "Most expensive"),
                List.of("cost_asc", "Cheapest"),
                List.of("latency_desc", "Slowest"),
                List.of("latency_asc", "Fastest"));
    }

    /** The list's URL with this filter and page token {@code token} (null: the first page). */
    public String url(String token) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("q", text);
        p.put("model", model);
        p.put("endpoint", endpoint);
        p.put("status", status);
        p.put("experiment", experiment);
        p.put("variant", variant);
        p.put("tag", tag);
        p.put("min_cost", minCost);
        p.put("min_latency_ms", minLatency);
        p.put("sort", sort);
        p.put("judges", judges ? "1" : "");
        p.put("prompt", prompt);
        p.put("page", token == null ? "" : token);
        String query = p.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + Fmt.url(e.getValue()))
                .collect(Collectors.joining("&"));
        return "/ui/traces" + (query.isEmpty() ? "" : "?" + query);
    }

    /** Whether any criterion is set. */
    public boolean filtered() {
        return !(text + model + endpoint + status + experiment + variant + tag + minCost + minLatency + prompt)
                .isEmpty();
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(Parse<T> parse, String field, String value) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("Invalid " + field + ": '" + value + "'");
        }
    }
}
