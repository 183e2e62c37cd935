package io.mlflowlite.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.eval.EvalComparison;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.json.Json;
import io.mlflowlite.routing.MigrationAdmin;
import java.util.Optional;

/**
 * Migrations as the CLI, the gateway's admin API and the web UI read them: listed, shown with their events, and
 * reported (HTML or Markdown), from the migration store and the evaluation runs' store. Changes nothing. Thread-safe;
 * every method blocks on the stores.
 */
public final class MigrationAdminService implements MigrationAdmin {
    private final MigrationStore store;
    private final EvalRunStore runs;

    public MigrationAdminService(MigrationStore store, EvalRunStore runs) {
        this.store = store;
        this.runs = runs;
    }

    /** The migration store. */
    public MigrationStore store() {
        return store;
    }

    @Override
    public JsonNode list() {
        ObjectNode json = Json.object();
        ArrayNode list = json.putArray("migrations");
        store.list().forEach(m -> list.add(json(m)));
        return json;
    }

    @Override
    public Optional<JsonNode> show(String id) {
        return store.get(id).map(m -> {
            ObjectNode json = json(m);
            ArrayNode events = json.putArray("events");
            store.events(id).forEach(e -> events.add(json(e)));
            return json;
        });
    }

    @Override
    public Optional<String> reportHtml(String id) {
        return report(id).map(MigrationReport::html);
    }

    @Override
    public Optional<String> reportMarkdown(String id) {
        return report(id).map(MigrationReport::markdown);
    }

    /** The report of migration {@code id}, with the comparison of its runs once they exist. */
    public Optional<MigrationReport> report(String id) {
        return store.get(id).map(m -> new MigrationReport(m, store.events(id), comparison(m)));
    }

    /** Today's run against the candidate's, once both are recorded and still in the run store. */
    public Optional<EvalComparison> comparison(Migration m) {
        if (!m.get("baseline_run").isTextual() || !m.get("candidate_run").isTextual()) {
            return Optional.empty();
        }
        Optional<EvaluationResult> baseline = runs.get(m.get("baseline_run").asText());
        Optional<EvaluationResult> candidate = runs.get(m.get("candidate_run").asText());
        if (baseline.isEmpty() || candidate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(EvalComparison.builder(baseline.get(), candidate.get())
                .seed(MigrationService.spec(m).seed())
                .build());
    }

    /** A migration as JSON: id, endpoint, models, status, next step, the gate's decision, the times. */
    public static ObjectNode json(Migration m) {
        ObjectNode json = Json.object();
        json.put("id", m.id());
        json.put("endpoint", m.endpoint());
        json.put("from_model", m.fromModel());
        json.put("to_model", m.toModel());
        json.put("status", m.status().label());
        json.put("next_step", m.step().label());
        if (m.get("gate").isObject()) {
            json.put("decision", m.get("gate").path("decision").asText());
        }
        if (m.get("experiment").isTextual()) {
            json.put("experiment", m.get("experiment").asText());
        }
        json.put("config", m.get("spec").path("config").asText());
        json.put("created", m.created().toString());
        json.put("updated", m.updated().toString());
        json.put("version", m.version());
        return json;
    }

    /** An event as JSON. */
    public static ObjectNode json(MigrationEvent e) {
        ObjectNode json = Json.object();
        json.put("at", e.at().toString());
        json.put("step", e.step());
        json.put("decision", e.decision());
        json.put("summary", e.summary());
        json.set("evidence", e.evidence());
        return json;
    }
}
