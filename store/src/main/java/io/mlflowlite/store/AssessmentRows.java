package io.mlflowlite.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.TraceJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/** The {@code assessments} table (schema V6): writes, reads by trace ids, reads by trace tags. Stateless. */
final class AssessmentRows {
    private static final String COLUMNS =
            "a.assessment_id, a.trace_id, a.name, a.value, a.rationale, a.source, a.status, a.metadata, a.created";

    private AssessmentRows() {}

    /** Inserts {@code assessment}, replacing one with its id. */
    static void upsert(Handle handle, Assessment assessment) {
        Feedback f = assessment.feedback();
        handle.createUpdate("""
                        INSERT INTO assessments (assessment_id, trace_id, name, value, rationale, source, status,
                            metadata, created)
                        VALUES (:id, :traceId, :name, :value, :rationale, :source, :status, :metadata, :created)
                        ON CONFLICT (assessment_id) DO UPDATE SET trace_id = excluded.trace_id,
                            name = excluded.name, value = excluded.value, rationale = excluded.rationale,
                            source = excluded.source, status = excluded.status, metadata = excluded.metadata,
                            created = excluded.created""")
                .bind("id", assessment.assessmentId())
                .bind("traceId", assessment.traceId())
                .bind("name", TraceRow.text(f.name()))
                .bind(
                        "value",
                        f.value() == null
                                ? null
                                : TraceRow.text(TraceJson.valueText(TraceJson.feedbackValueJson(f.value()))))
                .bind("rationale", TraceRow.text(f.rationale()))
                .bind("source", TraceRow.text(f.source()))
                .bind("status", f.status().name())
                .bind("metadata", TraceRow.text(TraceJson.stringsText(f.metadata())))
                .bind("created", TraceJson.epochNanos(assessment.createdAt()))
                .execute();
    }

    /** The assessments of {@code traceIds}, by trace id in the order asked, each oldest first. */
    static Map<String, List<Assessment>> of(Handle handle, Collection<String> traceIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(traceIds));
        Map<String, List<Assessment>> found = new LinkedHashMap<>();
        ids.forEach(id -> found.put(id, new ArrayList<>()));
        for (int i = 0; i < ids.size(); i += TraceWrites.IN_LIST) {
            handle.createQuery("SELECT " + COLUMNS + " FROM assessments a WHERE a.trace_id IN (<ids>)"
                            + " ORDER BY a.trace_id, a.created, a.assessment_id")
                    .bindList("ids", ids.subList(i, Math.min(ids.size(), i + TraceWrites.IN_LIST)))
                    .map((rs, ctx) -> assessment(rs))
                    .forEach(a -> found.get(a.traceId()).add(a));
        }
        found.values().removeIf(List::isEmpty);
        found.replaceAll((id, list) -> List.copyOf(list));
        return found;
    }

    /** The assessments of stored traces holding every one of {@code tags}, by trace id, each oldest first. */
    static Map<String, List<Assessment>> withTags(Handle handle, Map<String, String> tags) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM assessments a");
        Map<String, Object> params = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            // each tag is a seek on trace_tags_by_value (key, value, trace_id) joined on the trace id
            sql.append(" JOIN trace_tags g")
                    .append(n)
                    .append(" ON g")
                    .append(n)
                    .append(".trace_id = a.trace_id AND g")
                    .append(n)
                    .append(".key = :k")
                    .append(n)
                    .append(" AND g")
                    .append(n)
                    .append(".value = :v")
                    .append(n);
            params.put("k" + n, TraceRow.text(tag.getKey()));
            params.put("v" + n, TraceRow.text(tag.getValue()));
            n++;
        }
        sql.append(" ORDER BY a.trace_id, a.created, a.assessment_id");
        Map<String, List<Assessment>> found = new TreeMap<>();
        handle.createQuery(sql.toString())
                .bindMap(params)
                .map((rs, ctx) -> assessment(rs))
                .forEach(a -> found.computeIfAbsent(a.traceId(), k -> new ArrayList<>())
                        .add(a));
        found.replaceAll((id, list) -> List.copyOf(list));
        return found;
    }

    private static Assessment assessment(ResultSet rs) throws SQLException {
        String value = rs.getString("value");
        Map<String, String> metadata = new LinkedHashMap<>();
        parse(rs.getString("metadata"))
                .properties()
                .forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        Feedback feedback = new Feedback(
                rs.getString("name"),
                value == null ? null : TraceJson.feedbackValue(parse(value)),
                rs.getString("rationale"),
                rs.getString("source"),
                Feedback.Status.valueOf(rs.getString("status")),
                metadata);
        return new Assessment(
                rs.getString("assessment_id"),
                rs.getString("trace_id"),
                feedback,
                TraceJson.instant(rs.getLong("created")));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "A JSON column of the assessments table holds invalid JSON: " + Json.abbreviate(json), e);
        }
    }
}
