package io.mlflowlite.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.routing.ExperimentAdmin;
import io.mlflowlite.tracing.TraceStore;
import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Experiments as the CLI and the admin API see them: listed, shown with their transitions, reported, and changed
 * by hand through {@link ExperimentControl}. Reports read the calls' traces from {@code traces} (the store the
 * gateways write to). Thread-safe; every method blocks on the stores.
 */
public final class ExperimentService implements ExperimentAdmin {
    private final ExperimentStore store;
    private final TraceStore traces;
    private final ExperimentControl control;

    public ExperimentService(ExperimentStore store, TraceStore traces, Clock clock) {
        this.store = store;
        this.traces = traces;
        this.control = new ExperimentControl(store, clock);
    }

    /** The experiment store. */
    public ExperimentStore store() {
        return store;
    }

    @Override
    public JsonNode list() {
        ObjectNode json = Json.object();
        ArrayNode list = json.putArray("experiments");
        store.list().forEach(e -> list.add(json(e)));
        return json;
    }

    @Override
    public Optional<JsonNode> show(String name) {
        return store.get(name).map(e -> {
            ObjectNode json = json(e);
            ArrayNode transitions = json.putArray("transitions");
            store.transitions(name).forEach(t -> transitions.add(json(t)));
            return json;
        });
    }

    @Override
    public Optional<JsonNode> report(String name) {
        return store.get(name).map(e -> ExperimentReport.of(e, traces).json());
    }

    /** The report of experiment {@code name}. */
    public Optional<ExperimentReport> reportOf(String name) {
        return store.get(name).map(e -> ExperimentReport.of(e, traces));
    }

    @Override
    public JsonNode act(String name, String action, String variant, String actor, String reason) {
        if (store.get(name).isEmpty()) {
            throw new NoSuchElementException("No experiment called '" + name + "'");
        }
        return json(control.apply(name, ExperimentControl.Action.parse(action), variant, actor, reason));
    }

    /** An experiment as JSON: name, route, unit, status, stage, variants with their percent, the plan. */
    public static ObjectNode json(Experiment e) {
        ObjectNode json = Json.object();
        json.put("name", e.name());
        json.put("route", e.route());
        json.put("unit", e.unit().label());
        json.put("status", e.status().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode variants = json.putArray("variants");
        e.variants()
                .forEach(v -> variants.addObject()
                        .put("name", v.name())
                        .put("destination", v.destination())
                        .put("percent", v.percent()));
        if (e.hasPlan()) {
            json.set("plan", e.plan());
            json.put("stage", e.stage() + 1);
            json.put("stages", Rollouts.parse(e.plan()).stageCount());
        }
        json.put("stage_started", e.stageStarted().toString());
        json.put("created", e.created().toString());
        json.put("version", e.version());
        return json;
    }

    /** A transition as JSON. */
    public static ObjectNode json(Transition t) {
        ObjectNode json = Json.object();
        json.put("at", t.at().toString());
        json.put("action", t.action().name().toLowerCase(java.util.Locale.ROOT));
        json.put("from_stage", t.fromStage() + 1);
        json.put("to_stage", t.toStage() + 1);
        json.put("candidate_percent", t.candidatePercent());
        json.put("actor", t.actor());
        json.put("reason", t.reason());
        json.set("evidence", t.evidence());
        return json;
    }
}
