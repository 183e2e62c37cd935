package io.mlflowlite.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanEvent;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceJson;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TracePoint;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceSort;
import io.mlflowlite.tracing.TraceState;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** The read path: one trace with its spans, and searches a page at a time. Stateless. */
final class TraceReads {
    private static final String INFO_COLUMNS = """
            SELECT t.trace_id, e.name AS experiment, t.start_time, t.duration_nanos, t.state, t.request_preview,
                t.response_preview, t.model, t.input_tokens, t.output_tokens, t.cost, t.user_id, t.session_id,
                t.metadata
            FROM traces t JOIN experiments e ON e.id = t.experiment_id""";

    private TraceReads() {}

    /** The trace {@code traceId} with its spans by start time; {@code handle} is in a snapshot transaction. */
    static Optional<Trace> get(Handle handle, String traceId) {
        Optional<Row> row = handle.createQuery(INFO_COLUMNS + " WHERE t.trace_id = :id")
                .bind("id", traceId)
                .map((rs, ctx) -> row(rs))
                .findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<String, String>> tags = tags(handle, List.of(traceId));
        List<Span> spans = handle.createQuery("""
                        SELECT span_id, parent_span_id, name, span_type, start_nanos, end_nanos, status,
                            status_message, inputs, outputs, attributes, events
                        FROM spans WHERE trace_id = :id ORDER BY start_nanos, span_id""")
                .bind("id", traceId)
                .map((rs, ctx) -> span(traceId, rs))
                .list();
        List<Assessment> assessments =
                AssessmentRows.of(handle, List.of(traceId)).getOrDefault(traceId, List.of());
        return Optional.of(new Trace(row.get().info(tags.getOrDefault(traceId, Map.of()), assessments), spans));
    }

    /** One page of {@code query}'s matches, newest first; {@code handle} is in a snapshot transaction. */
    static TracePage search(Handle handle, Dialect dialect, TraceQuery query) {
        StringBuilder sql = new StringBuilder(INFO_COLUMNS).append(" WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        condition(
                sql,
                params,
                query.from() == null ? null : TraceJson.epochNanos(query.from()),
                "t.start_time >= :fromNanos",
                "fromNanos");
        condition(
                sql,
                params,
                query.to() == null ? null : TraceJson.epochNanos(query.to()),
                "t.start_time < :toNanos",
                "toNanos");
        condition(
                sql,
                params,
                query.experiment(),
                "t.experiment_id = (SELECT x.id FROM experiments x WHERE x.name = :experiment)",
                "experiment");
        condition(sql, params, query.model(), "t.model = :model", "model");
        condition(sql, params, query.state() == null ? null : query.state().name(), "t.state = :state", "state");
        condition(sql, params, query.user(), "t.user_id = :user", "user");
        condition(sql, params, query.session(), "t.session_id = :session", "session");
        condition(
                sql,
                params,
                query.minCost() == null ? null : dialect.decimal(query.minCost()),
                dialect.decimalAtLeast("t.cost", "minCost"),
                "minCost");
        condition(
                sql,
                params,
                query.minLatency() == null ? null : query.minLatency().toNanos(),
                "t.duration_nanos >= :minLatency",
                "minLatency");
        int tag = 0;
        for (Map.Entry<String, String> entry : query.tags().entrySet()) {
            sql.append(" AND EXISTS (SELECT 1 FROM trace_tags g WHERE g.trace_id = t.trace_id AND g.key = :tagKey")
                    .append(tag)
                    .append(" AND g.value = :tagValue")
                    .append(tag)
                    .append(')');
            params.put("tagKey" + tag, TraceRow.text(entry.getKey()));
            params.put("tagValue" + tag, TraceRow.text(entry.getValue()));
            tag++;
        }
        int absent = 0;
        for (String key : query.withoutTags()) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM trace_tags n WHERE n.trace_id = t.trace_id AND n.key = :noTag")
                    .append(absent)
                    .append(')');
            params.put("noTag" + absent, TraceRow.text(key));
            absent++;
        }
        condition(sql, params, query.endpoint(), "t.endpoint = :endpoint", "endpoint");
        if (query.text() != null) {
            // the previews hold the start of the last user message and of the answer
            sql.append(" AND (")
                    .append(dialect.containsIgnoringCase("t.request_preview", "text"))
                    .append(" OR ")
                    .append(dialect.containsIgnoringCase("t.response_preview", "text"))
                    .append(')');
            params.put("text", "%" + likeEscaped(query.text()) + "%");
        }
        if (query.linkedPrompt() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM trace_tags p WHERE p.trace_id = t.trace_id"
                    + " AND p.key = :linkedKey AND p.value LIKE :linked ESCAPE '!')");
            params.put("linkedKey", "mlflow.linkedPrompts");
            params.put(
                    "linked",
                    "%"
                            + likeEscaped(
                                    io.mlflowlite.tracing.InMemoryTraceStore.linkedPromptFragment(query.linkedPrompt()))
                            + "%");
        }
        TraceSort sort = query.sort();
        String key = sortKey(dialect, sort);
        String cmp = sort.descending() ? "<" : ">";
        if (query.pageToken() != null) {
            PageToken after = PageToken.decode(query.pageToken());
            if (after.sort() != sort) {
                throw new IllegalArgumentException(
                        "The page token belongs to a search in another order (" + after.sort() + ", not " + sort + ")");
            }
            // A row-value comparison: both databases walk the order's index from the cursor.
            if (key == null) {
                sql.append(" AND (t.start_time, t.trace_id) ").append(cmp).append(" (:afterStart, :afterId)");
            } else {
                sql.append(" AND (")
                        .append(key)
                        .append(", t.start_time, t.trace_id) ")
                        .append(cmp)
                        .append(" (")
                        .append(sortKeyParameter(dialect, sort))
                        .append(", :afterStart, :afterId)");
                params.put("afterKey", keyValue(dialect, sort, after.key()));
            }
            params.put("afterStart", after.startNanos());
            params.put("afterId", after.traceId());
        }
        String dir = sort.descending() ? " DESC" : " ASC";
        sql.append(" ORDER BY ");
        if (key != null) {
            sql.append(key).append(dir).append(", ");
        }
        sql.append("t.start_time")
                .append(dir)
                .append(", t.trace_id")
                .append(dir)
                .append(" LIMIT :limit");
        params.put("limit", query.pageSize() + 1);

        List<Row> rows = handle.createQuery(sql.toString())
                .bindMap(params)
                .map((rs, ctx) -> row(rs))
                .list();
        boolean more = rows.size() > query.pageSize();
        List<Row> page = more ? rows.subList(0, query.pageSize()) : rows;
        List<String> ids = page.stream().map(Row::traceId).toList();
        Map<String, Map<String, String>> tags = tags(handle, ids);
        Map<String, List<Assessment>> assessments = AssessmentRows.of(handle, ids);
        List<TraceInfo> infos = page.stream()
                .map(r -> r.info(
                        tags.getOrDefault(r.traceId(), Map.of()), assessments.getOrDefault(r.traceId(), List.of())))
                .toList();
        Optional<String> next = Optional.empty();
        if (more) {
            Row last = page.getLast();
            String lastKey = switch (sort) {
                case COST_ASC, COST_DESC -> new BigDecimal(last.cost()).toPlainString();
                case LATENCY_ASC, LATENCY_DESC -> Long.toString(last.durationNanos());
                default -> "";
            };
            next = Optional.of(new PageToken(sort, lastKey, last.startNanos(), last.traceId()).encode());
        }
        return new TracePage(infos, next);
    }

    /** The expression {@code sort} orders by before (start time, trace id), or null for the time orders. */
    private static String sortKey(Dialect dialect, TraceSort sort) {
        return switch (sort) {
            case COST_ASC, COST_DESC -> dialect.costKey("t.cost");
            case LATENCY_ASC, LATENCY_DESC -> "t.duration_nanos";
            default -> null;
        };
    }

    private static String sortKeyParameter(Dialect dialect, TraceSort sort) {
        return switch (sort) {
            case COST_ASC, COST_DESC -> dialect.costKey(":afterKey");
            default -> ":afterKey";
        };
    }

    private static Object keyValue(Dialect dialect, TraceSort sort, String key) {
        return switch (sort) {
            case COST_ASC, COST_DESC -> dialect.decimal(new BigDecimal(key));
            default -> Long.parseLong(key);
        };
    }

    /** {@code text} for a LIKE pattern with {@code !} as the escape character. */
    static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /**
     * The traces that started in [{@code fromNanos}, {@code toNanos}) without any of {@code withoutTags}, reduced
     * to points, oldest first; {@code handle} is in a snapshot transaction.
     */
    static List<TracePoint> points(Handle handle, long fromNanos, long toNanos, Set<String> withoutTags, int limit) {
        StringBuilder sql = new StringBuilder(
                "SELECT t.start_time, t.duration_nanos, t.state, t.model, t.endpoint, t.cost FROM traces t"
                        + " WHERE t.start_time >= :fromNanos AND t.start_time < :toNanos");
        Map<String, Object> params = new HashMap<>();
        params.put("fromNanos", fromNanos);
        params.put("toNanos", toNanos);
        int absent = 0;
        for (String key : withoutTags) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM trace_tags n WHERE n.trace_id = t.trace_id AND n.key = :noTag")
                    .append(absent)
                    .append(')');
            params.put("noTag" + absent, TraceRow.text(key));
            absent++;
        }
        sql.append(" ORDER BY t.start_time, t.trace_id LIMIT :limit");
        params.put("limit", limit);
        return handle.createQuery(sql.toString())
                .bindMap(params)
                .map((rs, ctx) -> new TracePoint(
                        TraceJson.instant(rs.getLong(1)),
                        Duration.ofNanos(rs.getLong(2)),
                        TraceState.valueOf(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5),
                        new BigDecimal(rs.getString(6))))
                .list();
    }

    private static void condition(
            StringBuilder sql, Map<String, Object> params, Object value, String condition, String name) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.put(name, value);
        }
    }

    private static Map<String, Map<String, String>> tags(Handle handle, List<String> traceIds) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        for (int i = 0; i < traceIds.size(); i += TraceWrites.IN_LIST) {
            handle.createQuery("SELECT trace_id, key, value FROM trace_tags WHERE trace_id IN (<ids>)")
                    .bindList("ids", traceIds.subList(i, Math.min(traceIds.size(), i + TraceWrites.IN_LIST)))
                    .map((rs, ctx) -> {
                        tags.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                                .put(rs.getString(2), rs.getString(3));
                        return null;
                    })
                    .list();
        }
        return tags;
    }

    /** A traces row before its tags are attached. */
    private record Row(
            String traceId,
            String experiment,
            long startNanos,
            long durationNanos,
            String state,
            String requestPreview,
            String responsePreview,
            String model,
            long inputTokens,
            long outputTokens,
            String cost,
            String user,
            String session,
            String metadata) {

        TraceInfo info(Map<String, String> tags, List<Assessment> assessments) {
            Map<String, String> meta = new LinkedHashMap<>();
            parse(metadata)
                    .properties()
                    .forEach(f -> meta.put(f.getKey(), f.getValue().asText()));
            return TraceInfo.builder()
                    .traceId(traceId)
                    .experiment(experiment)
                    .startTime(TraceJson.instant(startNanos))
                    .duration(Duration.ofNanos(durationNanos))
                    .state(TraceState.valueOf(state))
                    .requestPreview(requestPreview)
                    .responsePreview(responsePreview)
                    .model(model)
                    .inputTokens(inputTokens)
                    .outputTokens(outputTokens)
                    .cost(new BigDecimal(cost))
                    .user(user)
                    .session(session)
                    .tags(tags)
                    .metadata(meta)
                    .assessments(assessments)
                    .build();
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString("trace_id"),
                rs.getString("experiment"),
                rs.getLong("start_time"),
                rs.getLong("duration_nanos"),
                rs.getString("state"),
                rs.getString("request_preview"),
                rs.getString("response_preview"),
                rs.getString("model"),
                rs.getLong("input_tokens"),
                rs.getLong("output_tokens"),
                rs.getString("cost"),
                rs.getString("user_id"),
                rs.getString("session_id"),
                rs.getString("metadata"));
    }

    private static Span span(String traceId, ResultSet rs) throws SQLException {
        List<SpanEvent> events = new ArrayList<>();
        for (JsonNode e : parse(rs.getString("events"))) {
            events.add(new SpanEvent(
                    Json.text(e, "name"),
                    e.path("time_unix_nano").asLong(),
                    TraceJson.attributes(e.path("attributes"))));
        }
        return Span.builder()
                .traceId(traceId)
                .spanId(rs.getString("span_id"))
                .parentId(rs.getString("parent_span_id"))
                .name(rs.getString("name"))
                .type(SpanType.valueOf(rs.getString("span_type")))
                .startNanos(rs.getLong("start_nanos"))
                .endNanos(rs.getLong("end_nanos"))
                .status(SpanStatus.valueOf(rs.getString("status")))
                .statusMessage(rs.getString("status_message"))
                .inputs(parseOrNull(rs.getString("inputs")))
                .outputs(parseOrNull(rs.getString("outputs")))
                .attributes(TraceJson.attributes(parse(rs.getString("attributes"))))
                .events(events)
                .build();
    }

    private static JsonNode parseOrNull(String json) {
        return json == null ? null : parse(json);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "A JSON column of the trace store holds invalid JSON: " + Json.abbreviate(json), e);
        }
    }
}
