package io.mlflowlite.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a migration is asked to do: move {@code endpoint} of the gateway configuration {@code config} to
 * {@code toModel}, judged on a dataset captured from the endpoint's traces (or read from {@code dataset}) with
 * {@code scorers}, decided by {@code gate}. Kept with the migration, so a resume runs with the same settings.
 * Immutable.
 *
 * @param endpoint       the endpoint clients call
 * @param toModel        the candidate, {@code provider/name}
 * @param config         the gateway configuration file the gateway serves (and reloads)
 * @param dataset        a dataset file ({@code .jsonl}, {@code .json}, {@code .csv}) or {@code simulated:FAMILY,…};
 *                       null to capture from the endpoint's traces
 * @param labels         with a capture: a dataset whose expectations join the captured rows with equal inputs; or
 *                       null
 * @param lookback       how far back a capture reads traces
 * @param sample         the most rows a capture keeps
 * @param maxTraces      the most traces a capture reads
 * @param scorers        scorer names ({@code task}, {@code agreement}, or any {@code mlflowlite eval run} scorer)
 * @param redact         regular expressions a capture masks, besides secrets
 * @param gate           the go / no-go thresholds and the rollout plan
 * @param seed           the seed of sampling, of the models' answers and of the bootstrap
 * @param optimize       whether to optimize the candidate's prompt where it under-performs
 * @param optimizeBudget the optimizer's budget in model calls
 * @param reflectionModel the model the optimizer asks for rewrites ({@code mock/reflect}: offline)
 */
public record MigrationSpec(
        String endpoint,
        String toModel,
        Path config,
        String dataset,
        String labels,
        Duration lookback,
        int sample,
        int maxTraces,
        List<String> scorers,
        List<String> redact,
        MigrationGate gate,
        long seed,
        boolean optimize,
        int optimizeBudget,
        String reflectionModel) {

    public MigrationSpec {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(toModel, "toModel");
        Objects.requireNonNull(config, "config");
        lookback = lookback == null ? Duration.ofDays(7) : lookback;
        scorers = scorers == null || scorers.isEmpty() ? List.of(TaskScorer.NAME) : List.copyOf(scorers);
        redact = redact == null ? List.of() : List.copyOf(redact);
        gate = gate == null ? MigrationGate.defaults() : gate;
        reflectionModel = reflectionModel == null ? "mock/reflect" : reflectionModel;
        if (sample < 1) {
            throw new IllegalArgumentException("--sample must be at least 1, was " + sample);
        }
        if (maxTraces < 1) {
            throw new IllegalArgumentException("--max-traces must be at least 1, was " + maxTraces);
        }
        if (optimizeBudget < 1) {
            throw new IllegalArgumentException("--optimize-budget must be at least 1, was " + optimizeBudget);
        }
        if (!toModel.contains("/")) {
            throw new IllegalArgumentException(
                    "--to must be provider/name (mock/next, openai/gpt-4o-mini), got '" + toModel + "'");
        }
    }

    /** A spec with the defaults: capture 200 rows of the last 7 days, scorer {@code task}, the default gate. */
    public static MigrationSpec of(String endpoint, String toModel, Path config) {
        return new MigrationSpec(
                endpoint, toModel, config, null, null, null, 200, 5000, null, null, null, 42L, true, 300, null);
    }

    /** This spec as JSON: what the migration keeps. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("endpoint", endpoint);
        json.put("to_model", toModel);
        json.put("config", config.toString());
        if (dataset != null) {
            json.put("dataset", dataset);
        }
        if (labels != null) {
            json.put("labels", labels);
        }
        json.put("lookback", lookback.toString());
        json.put("sample", sample);
        json.put("max_traces", maxTraces);
        scorers.forEach(json.putArray("scorers")::add);
        redact.forEach(json.putArray("redact")::add);
        json.set("gate", gate.toJson());
        json.put("seed", seed);
        json.put("optimize", optimize);
        json.put("optimize_budget", optimizeBudget);
        json.put("reflection_model", reflectionModel);
        return json;
    }

    /** The spec {@link #toJson()} wrote. */
    public static MigrationSpec fromJson(JsonNode json) {
        List<String> scorers = new ArrayList<>();
        json.path("scorers").forEach(s -> scorers.add(s.asText()));
        List<String> redact = new ArrayList<>();
        json.path("redact").forEach(s -> redact.add(s.asText()));
        return new MigrationSpec(
                json.path("endpoint").asText(),
                json.path("to_model").asText(),
                Path.of(json.path("config").asText()),
                json.hasNonNull("dataset") ? json.get("dataset").asText() : null,
                json.hasNonNull("labels") ? json.get("labels").asText() : null,
                Duration.parse(json.path("lookback").asText("PT168H")),
                json.path("sample").asInt(200),
                json.path("max_traces").asInt(5000),
                scorers,
                redact,
                MigrationGate.fromJson(json.path("gate")),
                json.path("seed").asLong(42),
                json.path("optimize").asBoolean(true),
                json.path("optimize_budget").asInt(300),
                json.path("reflection_model").asText("mock/reflect"));
    }
}
