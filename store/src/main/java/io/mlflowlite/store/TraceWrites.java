package io.mlflowlite.store;

import io.mlflowlite.store.TraceRow.SpanRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write path: a list of traces in one transaction, in plain JDBC batches (the statements are fixed, so Jdbi's
 * per-argument type lookup and SQL parsing would only add work on the trace writer's thread). Stateless.
 *
 * <p>A trace id that is already stored is replaced: its row is upserted and its tags and spans deleted and
 * inserted again. Almost every trace is new (the writer hands each one over once; only a replayed spill file can
 * repeat one), so the batch first asks which of its ids exist, and deletes the tags and spans of those only.
 * That query locks the rows it finds (PostgreSQL; SQLite's writer holds the whole database), in trace id order, so
 * two writers replacing the same trace take turns instead of interleaving spans, and two batches never lock in
 * opposite orders. Should another writer store one of the new ids between the check and the insert, the upsert
 * waits for it and the span and tag inserts then collide with its rows, failing the transaction; the trace writer
 * spills the batch and replays it later, and then it is a replacement like any other.
 */
final class TraceWrites {
    /** Ids per IN (…) list: well under both databases' limits on bound parameters. */
    static final int IN_LIST = 500;

    private static final String UPSERT_TRACE = """
            INSERT INTO traces (trace_id, experiment_id, start_time, duration_nanos, state, request_preview,
                response_preview, model, input_tokens, output_tokens, cost, user_id, session_id, metadata, endpoint)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (trace_id) DO UPDATE SET experiment_id = excluded.experiment_id,
                start_time = excluded.start_time, duration_nanos = excluded.duration_nanos,
                state = excluded.state, request_preview = excluded.request_preview,
                response_preview = excluded.response_preview, model = excluded.model,
                input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost = excluded.cost,
                user_id = excluded.user_id, session_id = excluded.session_id, metadata = excluded.metadata,
                endpoint = excluded.endpoint""";

    private static final String INSERT_TAG = "INSERT INTO trace_tags (trace_id, key, value) VALUES (?, ?, ?)";

    private static final String INSERT_SPAN = """
            INSERT INTO spans (trace_id, span_id, parent_span_id, name, span_type, start_nanos, end_nanos, status,
                status_message, inputs, outputs, attributes, events)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private TraceWrites() {}

    /**
     * Writes {@code rows} (distinct trace ids, sorted by id) on {@code connection}, which is in a transaction.
     */
    static void write(Connection connection, Dialect dialect, List<TraceRow> rows, Map<String, String> experimentIds)
            throws SQLException {
        List<String> stored = existing(connection, dialect, rows);
        try (PreparedStatement traces = connection.prepareStatement(UPSERT_TRACE)) {
            for (TraceRow r : rows) {
                traces.setString(1, r.traceId());
                traces.setString(2, experimentIds.get(r.experiment()));
                traces.setLong(3, r.startNanos());
                traces.setLong(4, r.durationNanos());
                traces.setString(5, r.state());
                text(traces, 6, r.requestPreview());
                text(traces, 7, r.responsePreview());
                text(traces, 8, r.model());
                traces.setLong(9, r.inputTokens());
                traces.setLong(10, r.outputTokens());
                traces.setObject(11, dialect.decimal(r.cost()));
                text(traces, 12, r.user());
                text(traces, 13, r.session());
                traces.setString(14, r.metadata());
                text(traces, 15, r.endpoint());
                traces.addBatch();
            }
            traces.executeBatch();
        }
        if (!stored.isEmpty()) {
            deleteChildren(connection, "trace_tags", stored);
            deleteChildren(connection, "spans", stored);
        }
        try (PreparedStatement tags = connection.prepareStatement(INSERT_TAG)) {
            int added = 0;
            for (TraceRow r : rows) {
                for (Map.Entry<String, String> tag : r.tags().entrySet()) {
                    tags.setString(1, r.traceId());
                    tags.setString(2, TraceRow.text(tag.getKey()));
                    tags.setString(3, TraceRow.text(tag.getValue()));
                    tags.addBatch();
                    added++;
                }
            }
            if (added > 0) {
                tags.executeBatch();
            }
        }
        try (PreparedStatement spans = connection.prepareStatement(INSERT_SPAN)) {
            int added = 0;
            for (TraceRow r : rows) {
                for (SpanRow s : r.spans()) {
                    spans.setString(1, r.traceId());
                    spans.setString(2, s.spanId());
                    text(spans, 3, s.parentId());
                    spans.setString(4, s.name());
                    spans.setString(5, s.type());
                    spans.setLong(6, s.startNanos());
                    spans.setLong(7, s.endNanos());
                    spans.setString(8, s.status());
                    text(spans, 9, s.statusMessage());
                    text(spans, 10, s.inputs());
                    text(spans, 11, s.outputs());
                    spans.setString(12, s.attributes());
                    spans.setString(13, s.events());
                    spans.addBatch();
                    added++;
                }
            }
            if (added > 0) {
                spans.executeBatch();
            }
        }
    }

    /** The ids of {@code rows} already stored, in their order. */
    private static List<String> existing(Connection connection, Dialect dialect, List<TraceRow> rows)
            throws SQLException {
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += IN_LIST) {
            List<TraceRow> chunk = rows.subList(i, Math.min(rows.size(), i + IN_LIST));
            try (PreparedStatement query = connection.prepareStatement("SELECT trace_id FROM traces WHERE trace_id IN ("
                    + placeholders(chunk.size()) + ")" + " ORDER BY trace_id" + dialect.forUpdate())) {
                for (int j = 0; j < chunk.size(); j++) {
                    query.setString(j + 1, chunk.get(j).traceId());
                }
                Set<String> found = new HashSet<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
                for (TraceRow r : chunk) {
                    if (found.contains(r.traceId())) {
                        stored.add(r.traceId());
                    }
                }
            }
        }
        return stored;
    }

    private static void deleteChildren(Connection connection, String table, List<String> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i += IN_LIST) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + IN_LIST));
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE trace_id IN (" + placeholders(chunk.size()) + ")")) {
                for (int j = 0; j < chunk.size(); j++) {
                    delete.setString(j + 1, chunk.get(j));
                }
                delete.executeUpdate();
            }
        }
    }

    private static String placeholders(int count) {
        return "?" + ",?".repeat(count - 1);
    }

    /** A nullable text column: typed null, so PostgreSQL needs no guess. */
    private static void text(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
