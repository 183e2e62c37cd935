package io.mlflowlite.store;

import io.mlflowlite.store.TraceRow.SpanRow;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The write path: a list of traces in one transaction, in batched statements. Stateless.
 *
 * <p>A trace id that is already stored is replaced: its row is upserted and its tags and spans deleted and
 * inserted again. Upserting the trace row first matters on PostgreSQL: it takes the row lock, so two writers
 * replacing the same trace take turns instead of interleaving spans, and rows are written in trace id order so
 * two batches never lock in opposite orders.
 */
final class TraceWrites {
    /** Ids per IN (…) list: well under both databases' limits on bound parameters. */
    static final int IN_LIST = 500;

    private static final String UPSERT_TRACE = """
            INSERT INTO traces (trace_id, experiment_id, start_time, duration_nanos, state, request_preview,
                response_preview, model, input_tokens, output_tokens, cost, user_id, session_id, metadata)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (trace_id) DO UPDATE SET experiment_id = excluded.experiment_id,
                start_time = excluded.start_time, duration_nanos = excluded.duration_nanos,
                state = excluded.state, request_preview = excluded.request_preview,
                response_preview = excluded.response_preview, model = excluded.model,
                input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost = excluded.cost,
                user_id = excluded.user_id, session_id = excluded.session_id, metadata = excluded.metadata""";

    private static final String INSERT_TAG = "INSERT INTO trace_tags (trace_id, key, value) VALUES (?, ?, ?)";

    private static final String INSERT_SPAN = """
            INSERT INTO spans (trace_id, span_id, parent_span_id, name, span_type, start_nanos, end_nanos, status,
                status_message, inputs, outputs, attributes, events)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private TraceWrites() {
    }

    /** Writes {@code rows} (distinct trace ids, sorted by id) on {@code handle}, which is in a transaction. */
    static void write(Handle handle, Dialect dialect, List<TraceRow> rows, Map<String, String> experimentIds) {
        PreparedBatch traces = handle.prepareBatch(UPSERT_TRACE);
        for (TraceRow r : rows) {
            traces.bind(0, r.traceId()).bind(1, experimentIds.get(r.experiment())).bind(2, r.startNanos())
                    .bind(3, r.durationNanos()).bind(4, r.state()).bind(5, r.requestPreview())
                    .bind(6, r.responsePreview()).bind(7, r.model()).bind(8, r.inputTokens())
                    .bind(9, r.outputTokens()).bind(10, dialect.decimal(r.cost()))
                    .bind(11, r.user()).bind(12, r.session()).bind(13, r.metadata()).add();
        }
        traces.execute();

        List<String> ids = rows.stream().map(TraceRow::traceId).toList();
        for (int i = 0; i < ids.size(); i += IN_LIST) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + IN_LIST));
            handle.createUpdate("DELETE FROM trace_tags WHERE trace_id IN (<ids>)").bindList("ids", chunk).execute();
            handle.createUpdate("DELETE FROM spans WHERE trace_id IN (<ids>)").bindList("ids", chunk).execute();
        }

        PreparedBatch tags = handle.prepareBatch(INSERT_TAG);
        PreparedBatch spans = handle.prepareBatch(INSERT_SPAN);
        for (TraceRow r : rows) {
            r.tags().forEach((key, value) ->
                    tags.bind(0, r.traceId()).bind(1, TraceRow.text(key)).bind(2, TraceRow.text(value)).add());
            for (SpanRow s : r.spans()) {
                spans.bind(0, r.traceId()).bind(1, s.spanId()).bind(2, s.parentId()).bind(3, s.name())
                        .bind(4, s.type()).bind(5, s.startNanos()).bind(6, s.endNanos()).bind(7, s.status())
                        .bind(8, s.statusMessage()).bind(9, s.inputs()).bind(10, s.outputs())
                        .bind(11, s.attributes()).bind(12, s.events()).add();
            }
        }
        if (tags.size() > 0) {
            tags.execute();
        }
        if (spans.size() > 0) {
            spans.execute();
        }
    }
}
