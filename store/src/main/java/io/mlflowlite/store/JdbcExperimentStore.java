package io.mlflowlite.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlflowlite.experiments.Experiment;
import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStoreException;
import io.mlflowlite.experiments.Transition;
import io.mlflowlite.experiments.Unit;
import io.mlflowlite.experiments.Variant;
import io.mlflowlite.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Experiments and their transitions in the {@code experiments} and {@code traffic_experiment_transitions} tables of SQLite
 * or PostgreSQL (schema V7), shared by every replica that opens the same database. An update is one transaction
 * that writes the experiment only over the version it was made from ({@code WHERE version = n - 1}) and appends
 * its transition, so two replicas advancing a rollout at once cannot both apply. Thread-safe; every method blocks
 * on the database; failures are {@link ExperimentStoreException}s naming the database and the fix.
 */
public final class JdbcExperimentStore implements ExperimentStore {
    private static final String COLUMNS =
            "name, route, unit, variants, status, plan, stage, stage_started, created, version";

    private final Database db;
    private volatile boolean closed;

    private JdbcExperimentStore(Database db) {
        this.db = db;
    }

    /**
     * Opens the experiment store at {@code url} ({@code jdbc:sqlite:<file>}, a {@code .db} path, or
     * {@code jdbc:postgresql://…}), creating or upgrading the schema.
     */
    public static JdbcExperimentStore open(String url) {
        return new JdbcExperimentStore(Database.open(StoreUrl.parse(url, Purpose.EXPERIMENTS), Purpose.EXPERIMENTS));
    }

    @Override
    public void create(Experiment e, Transition created) {
        writing(
                "create experiment '" + e.name() + "'",
                h -> h.inTransaction(tx -> {
                    int inserted = tx.createUpdate(
                                    "INSERT INTO traffic_experiments (" + COLUMNS + ") VALUES (:name, :route, :unit, "
                                            + ":variants, :status, :plan, :stage, :stage_started, :created, :version) "
                                            + "ON CONFLICT (name) DO NOTHING")
                            .bind("name", e.name())
                            .bind("route", e.route())
                            .bind("unit", e.unit().name())
                            .bind("variants", variants(e.variants()))
                            .bind("status", e.status().name())
                            .bind("plan", e.hasPlan() ? e.plan().toString() : null)
                            .bind("stage", e.stage())
                            .bind("stage_started", e.stageStarted().toEpochMilli())
                            .bind("created", e.created().toEpochMilli())
                            .bind("version", e.version())
                            .execute();
                    if (inserted == 0) {
                        throw new ExperimentStoreException("An experiment called '" + e.name() + "' exists already in "
                                + describe() + ": pick another name, or delete it first");
                    }
                    insertTransition(tx, created, e.version());
                    return null;
                }));
    }

    @Override
    public Optional<Experiment> get(String name) {
        return reading(
                "read experiment '" + name + "'",
                h -> h.createQuery("SELECT " + COLUMNS + " FROM traffic_experiments WHERE name = :name")
                        .bind("name", name)
                        .map((rs, ctx) -> experiment(rs))
                        .findOne());
    }

    @Override
    public List<Experiment> list() {
        return reading(
                "list experiments",
                h -> h.createQuery("SELECT " + COLUMNS + " FROM traffic_experiments ORDER BY created DESC, name")
                        .map((rs, ctx) -> experiment(rs))
                        .list());
    }

    @Override
    public boolean update(Experiment next, Transition transition) {
        return writing(
                "update experiment '" + next.name() + "'",
                h -> h.inTransaction(tx -> {
                    int updated = tx.createUpdate(
                                    "UPDATE traffic_experiments SET variants = :variants, status = :status, "
                                            + "stage = :stage, stage_started = :stage_started, version = :version "
                                            + "WHERE name = :name AND version = :previous")
                            .bind("variants", variants(next.variants()))
                            .bind("status", next.status().name())
                            .bind("stage", next.stage())
                            .bind("stage_started", next.stageStarted().toEpochMilli())
                            .bind("version", next.version())
                            .bind("name", next.name())
                            .bind("previous", next.version() - 1)
                            .execute();
                    if (updated == 0) {
                        return false;
                    }
                    insertTransition(tx, transition, next.version());
                    return true;
                }));
    }

    @Override
    public List<Transition> transitions(String name) {
        return reading(
                "read the transitions of experiment '" + name + "'",
                h -> h.createQuery(
                                "SELECT experiment, at, action, from_stage, to_stage, candidate_percent, actor, reason, "
                                        + "evidence FROM traffic_experiment_transitions WHERE experiment = :name ORDER BY seq")
                        .bind("name", name)
                        .map((rs, ctx) -> new Transition(
                                rs.getString("experiment"),
                                Instant.ofEpochMilli(rs.getLong("at")),
                                Transition.Action.valueOf(rs.getString("action")),
                                rs.getInt("from_stage"),
                                rs.getInt("to_stage"),
                                rs.getDouble("candidate_percent"),
                                rs.getString("actor"),
                                rs.getString("reason"),
                                Json.parse(rs.getString("evidence"), "traffic_experiment_transitions.evidence")))
                        .list());
    }

    @Override
    public boolean delete(String name) {
        return writing(
                "delete experiment '" + name + "'",
                h -> h.inTransaction(tx -> {
                    tx.createUpdate("DELETE FROM traffic_experiment_transitions WHERE experiment = :name")
                            .bind("name", name)
                            .execute();
                    return tx.createUpdate("DELETE FROM traffic_experiments WHERE name = :name")
                                    .bind("name", name)
                                    .execute()
                            > 0;
                }));
    }

    @Override
    public String describe() {
        return db.url().description();
    }

    @Override
    public void close() {
        closed = true;
        db.close();
    }

    private static void insertTransition(Handle h, Transition t, long seq) {
        h.createUpdate("INSERT INTO traffic_experiment_transitions (experiment, seq, at, action, from_stage, to_stage, "
                        + "candidate_percent, actor, reason, evidence) VALUES (:experiment, :seq, :at, :action, "
                        + ":from_stage, :to_stage, :candidate_percent, :actor, :reason, :evidence)")
                .bind("experiment", t.experiment())
                .bind("seq", seq)
                .bind("at", t.at().toEpochMilli())
                .bind("action", t.action().name())
                .bind("from_stage", t.fromStage())
                .bind("to_stage", t.toStage())
                .bind("candidate_percent", t.candidatePercent())
                .bind("actor", t.actor())
                .bind("reason", t.reason())
                .bind("evidence", t.evidence() == null ? "{}" : t.evidence().toString())
                .execute();
    }

    private static String variants(List<Variant> variants) {
        ArrayNode array = Json.array();
        variants.forEach(v -> array.addObject()
                .put("name", v.name())
                .put("destination", v.destination())
                .put("weight_bps", v.weightBps()));
        return array.toString();
    }

    private static Experiment experiment(ResultSet rs) throws SQLException {
        List<Variant> variants = new ArrayList<>();
        for (JsonNode v : Json.parse(rs.getString("variants"), "traffic_experiments.variants")) {
            variants.add(new Variant(
                    v.path("name").asText(),
                    v.path("destination").asText(),
                    v.path("weight_bps").asInt()));
        }
        String plan = rs.getString("plan");
        return new Experiment(
                rs.getString("name"),
                rs.getString("route"),
                Unit.valueOf(rs.getString("unit")),
                variants,
                Experiment.Status.valueOf(rs.getString("status")),
                plan == null ? null : Json.parse(plan, "traffic_experiments.plan"),
                rs.getInt("stage"),
                Instant.ofEpochMilli(rs.getLong("stage_started")),
                Instant.ofEpochMilli(rs.getLong("created")),
                rs.getLong("version"));
    }

    private <T> T writing(String what, Function<Handle, T> work) {
        ensureOpen(what);
        return db.write(what, work);
    }

    private <T> T reading(String what, Function<Handle, T> work) {
        ensureOpen(what);
        return db.read(what, work);
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new ExperimentStoreException(
                    "Could not " + what + ": the experiment store " + describe() + " is closed");
        }
    }
}
