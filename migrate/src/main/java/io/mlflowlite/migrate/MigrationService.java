package io.mlflowlite.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalComparison;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.Evaluation;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.LatencyDelta;
import io.mlflowlite.eval.PredictFn;
import io.mlflowlite.eval.RowDiff;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.eval.ScorerDelta;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.experiments.Experiment;
import io.mlflowlite.experiments.ExperimentControl;
import io.mlflowlite.experiments.ExperimentService;
import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.Transition;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptUri;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.tracing.Redactor;
import io.mlflowlite.tracing.TraceStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs migrations: captures the baseline, evaluates today's configuration and the candidate, optimizes the
 * candidate's prompt where it under-performs, compares them with paired intervals and lets the gate decide, rolls
 * the candidate out through the experiments layer's staged plan, and promotes it — or rolls everything back. Each
 * step's findings are written to the {@link MigrationStore} with an event holding their evidence, in one
 * transaction, before the next step starts; a run that dies (the process killed at any point) resumes at the
 * first step not recorded, and reaches the same result: the dataset, the order of its rows and every seed are
 * kept, and the steps that change the gateway (its configuration file, a prompt alias) are written so that doing
 * them twice leaves what doing them once does.
 *
 * <p>The rollout runs in the gateways that serve the configuration file: they reload it, create the experiment
 * and move it by its gates. {@link #resume} waits for the outcome (up to the wait given to the builder) and
 * promotes or restores. Thread-safe for different migrations; one migration is driven by one caller at a time.
 */
public final class MigrationService {
    private static final SecureRandom IDS = new SecureRandom();
    /** At most this many rows a lagging scorer judges go into the prompt search (step 3). */
    static final int MAX_LAGGING_ROWS = 40;

    private final MigrationStore store;
    private final Gateway gateway;
    private final TraceStore traces;
    private final EvalRunStore runs;
    private final PromptRegistry prompts;
    private final ExperimentStore experiments;
    private final Function<String, List<Scorer>> scorerResolver;
    private final Clock clock;
    private final Consumer<String> progress;
    private final Consumer<String> crashPoint;
    private final Map<String, String> env;
    private final Duration rolloutWait;
    private final Duration pollEvery;
    private final CandidateOptimizer optimizer;

    private MigrationService(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store");
        this.gateway = Objects.requireNonNull(b.gateway, "gateway");
        this.traces = Objects.requireNonNull(b.traces, "traces");
        this.runs = Objects.requireNonNull(b.runs, "runs");
        this.prompts = Objects.requireNonNull(b.prompts, "prompts");
        this.experiments = Objects.requireNonNull(b.experiments, "experiments");
        this.scorerResolver = b.scorerResolver;
        this.clock = b.clock;
        this.progress = b.progress;
        this.crashPoint = b.crashPoint;
        this.env = Map.copyOf(b.env);
        this.rolloutWait = b.rolloutWait;
        this.pollEvery = b.pollEvery;
        this.optimizer = b.optimizer;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The migration store. */
    public MigrationStore store() {
        return store;
    }

    /** The evaluation runs' store. */
    public EvalRunStore runs() {
        return runs;
    }

    /** The experiment store the rollouts live in. */
    public ExperimentStore experiments() {
        return experiments;
    }

    /** The report of migration {@code id}: its decision, comparison, optimization and rollout. */
    public MigrationReport report(String id) {
        return new MigrationAdminService(store, runs).report(require(id).id()).orElseThrow();
    }

    /** The migration with {@code id}. */
    public Optional<Migration> get(String id) {
        return store.get(id);
    }

    /** The migration with {@code id}, or a {@link NoSuchElementException} naming the newest ones. */
    public Migration require(String id) {
        return store.get(id).orElseThrow(() -> {
            List<String> newest =
                    store.list().stream().limit(5).map(Migration::id).toList();
            return new NoSuchElementException("No migration '" + id + "' in " + store.describe()
                    + (newest.isEmpty() ? " (there are none yet)" : "; the newest are " + String.join(", ", newest)));
        });
    }

    /**
     * Starts a migration: checks the request (the configuration file, the endpoint, the scorers, the dataset), stores
     * it, and runs it as far as it goes (see {@link #resume}).
     *
     * @throws ConfigurationException   when the file, endpoint or dataset cannot be used
     * @throws IllegalArgumentException when a scorer is unknown
     */
    public Migration start(MigrationSpec spec) {
        Path config = spec.config().toAbsolutePath().normalize();
        if (!Files.isRegularFile(config)) {
            throw new ConfigurationException("The gateway configuration " + spec.config() + " does not exist; "
                    + "give the file the gateway serves with --config");
        }
        String original = GatewayFile.read(config);
        GatewayFile.EndpointInfo endpoint = GatewayFile.endpoint(original, spec.endpoint(), config.toString());
        if (endpoint.model().equals(spec.toModel())) {
            throw new ConfigurationException(
                    "Endpoint '" + spec.endpoint() + "' already serves " + spec.toModel() + "; nothing to migrate");
        }
        scorers(spec, false); // unknown names fail now, not after the capture
        if (spec.dataset() != null) {
            loadDataset(spec.dataset());
        }
        ObjectNode state = Json.object();
        MigrationSpec stored = new MigrationSpec(
                spec.endpoint(),
                spec.toModel(),
                config,
                spec.dataset(),
                spec.labels(),
                spec.lookback(),
                spec.sample(),
                spec.maxTraces(),
                spec.scorers(),
                spec.redact(),
                spec.gate(),
                spec.seed(),
                spec.optimize(),
                spec.optimizeBudget(),
                spec.reflectionModel());
        state.set("spec", stored.toJson());
        state.put("original_config", original);
        if (endpoint.prompt().isPresent()) {
            PromptVersion version = prompts.load(endpoint.prompt().get());
            ObjectNode prompt = state.putObject("prompt");
            prompt.put("uri", endpoint.prompt().get());
            prompt.put("name", version.name());
            prompt.put("version", version.version());
        }
        Instant now = clock.instant();
        String id = "mig-" + HexFormat.of().formatHex(randomBytes());
        Migration m = new Migration(
                id,
                spec.endpoint(),
                endpoint.model(),
                spec.toModel(),
                Migration.Status.RUNNING,
                Migration.Step.CAPTURE,
                state,
                now,
                now,
                1);
        ObjectNode evidence = Json.object();
        evidence.put("config", config.toString());
        evidence.put("from_model", endpoint.model());
        evidence.put("to_model", spec.toModel());
        endpoint.prompt().ifPresent(p -> evidence.put("prompt", p));
        store.create(
                m,
                new MigrationEvent(
                        id,
                        now,
                        "start",
                        "started",
                        "migrate endpoint '" + spec.endpoint() + "' from " + endpoint.model() + " to " + spec.toModel(),
                        evidence));
        progress.accept("migration " + id + ": endpoint '" + spec.endpoint() + "' from " + endpoint.model() + " to "
                + spec.toModel());
        return resume(id);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        IDS.nextBytes(b);
        return b;
    }

    /**
     * Runs migration {@code id} from its first step not recorded as done, until it ends or its rollout is still
     * under way after the builder's wait.
     */
    public Migration resume(String id) {
        return resume(id, rolloutWait);
    }

    /** {@link #resume(String)}, waiting up to {@code wait} for the rollout's outcome. */
    public Migration resume(String id, Duration wait) {
        Migration m = require(id);
        while (!m.status().ended() && m.step() != Migration.Step.DONE) {
            Migration next = switch (m.step()) {
                case CAPTURE -> capture(m);
                case EVALUATE -> evaluate(m);
                case OPTIMIZE -> optimize(m);
                case COMPARE -> compare(m);
                case ROLLOUT -> rollout(m, wait);
                case PROMOTE -> promote(m);
                case DONE -> m;
            };
            if (next.step() == Migration.Step.ROLLOUT && next.status() == Migration.Status.ROLLING_OUT) {
                return next; // the rollout is still under way after the wait
            }
            m = next;
        }
        return m;
    }

    /**
     * Restores what the endpoint served before migration {@code id}: the configuration file as it was, the prompt
     * alias on its previous version, the rollout's experiment rolled back.
     *
     * @throws IllegalStateException when the migration changed nothing in the gateway, or was rolled back already
     */
    public Migration rollback(String id, String reason) {
        Migration m = require(id);
        if (m.status() == Migration.Status.ROLLED_BACK) {
            throw new IllegalStateException("Migration " + id + " was rolled back already");
        }
        if (m.status() == Migration.Status.NO_GO || !m.get("rollout_started").asBoolean()) {
            throw new IllegalStateException("Migration " + id + " changed nothing in the gateway yet (status "
                    + m.status().label() + ", next step " + m.step().label() + "): there is nothing to roll back");
        }
        ObjectNode evidence = restore(m, reason == null ? "rolled back by hand" : reason);
        return update(
                m,
                Migration.Status.ROLLED_BACK,
                Migration.Step.DONE,
                m.state(),
                "rollback",
                "rolled_back",
                "restored " + m.fromModel() + " on endpoint '" + m.endpoint() + "'"
                        + (reason == null ? "" : ": " + reason),
                evidence);
    }

    // ---------------------------------------------------------------------------------------------- the steps

    private Migration capture(Migration m) {
        MigrationSpec spec = spec(m);
        progress.accept("[1/6] baseline: "
                + (spec.dataset() == null
                        ? "capturing recent calls of endpoint '" + spec.endpoint() + "' from the traces"
                        : "reading " + spec.dataset()));
        List<EvalRow> rows;
        ObjectNode evidence;
        if (spec.dataset() == null) {
            Redactor redactor = Redactor.of(spec.redact(), Set.of());
            BaselineCapture.Result r = BaselineCapture.fromTraces(
                    traces,
                    spec.endpoint(),
                    baselinePrompt(m).orElse(null),
                    clock.instant().minus(spec.lookback()),
                    spec.maxTraces(),
                    spec.sample(),
                    spec.seed(),
                    redactor,
                    spec.labels() == null ? null : loadDataset(spec.labels()));
            rows = r.rows();
            evidence = r.evidence();
            if (rows.isEmpty()) {
                throw new ConfigurationException("No calls of endpoint '" + spec.endpoint() + "' in the traces of "
                        + traces.describe() + " since " + evidence.path("since").asText() + " ("
                        + evidence.path("traces_read")
                        + " traces read): send traffic through the gateway first, or give --dataset");
            }
        } else {
            Dataset d = loadDataset(spec.dataset());
            rows = sample(d.rows(), spec.sample(), spec.seed());
            evidence = Json.object();
            evidence.put("source", spec.dataset());
            evidence.put("rows_in_file", d.size());
            evidence.put("rows", rows.size());
            evidence.put("seed", spec.seed());
        }
        ObjectNode state = m.state();
        state.set("dataset", rowsJson(rows));
        state.set("capture", evidence);
        String summary = rows.size() + " rows"
                + (spec.dataset() == null
                        ? " from " + evidence.path("traces_read").asInt() + " traces ("
                                + evidence.path("duplicates").asInt() + " duplicates dropped, "
                                + evidence.path("redacted_rows").asInt()
                                + " rows redacted"
                                + (evidence.has("labelled")
                                        ? ", " + evidence.path("labelled").asInt() + " labelled"
                                        : "")
                                + ")"
                        : " from " + evidence.path("source").asText());
        progress.accept("      " + summary);
        crashPoint.accept("capture");
        return update(
                m, Migration.Status.RUNNING, Migration.Step.EVALUATE, state, "capture", "done", summary, evidence);
    }

    private Migration evaluate(Migration m) {
        MigrationSpec spec = spec(m);
        List<EvalRow> rows = rows(m);
        Optional<PromptVersion> prompt = baselinePrompt(m);
        progress.accept("[2/6] evaluate: " + rows.size() + " rows on " + m.fromModel() + " (today) and " + m.toModel()
                + " (candidate), scorers " + String.join(", ", scorerNames(spec)));
        boolean references = rows.stream().anyMatch(r -> r.expectations().containsKey(AgreementScorer.REFERENCE));
        EvaluationResult baseline =
                run(m, "baseline", m.fromModel(), prompt.orElse(null), rows, scorers(spec, references), spec.seed());
        List<EvalRow> withReferences = references ? rows : referencesFrom(baseline);
        EvaluationResult candidate =
                run(m, "candidate", m.toModel(), prompt.orElse(null), withReferences, scorers(spec, true), spec.seed());
        ObjectNode state = m.state();
        state.put("baseline_run", baseline.run().runId());
        state.put("candidate_run", candidate.run().runId());
        prompt.ifPresent(p -> state.put("candidate_prompt_version", p.version()));
        ObjectNode evidence = Json.object();
        evidence.set("baseline", runJson(baseline));
        evidence.set("candidate", runJson(candidate));
        String summary = "today " + passRates(baseline) + "; candidate " + passRates(candidate);
        progress.accept("      " + summary);
        crashPoint.accept("evaluate");
        return update(
                m, Migration.Status.RUNNING, Migration.Step.OPTIMIZE, state, "evaluate", "done", summary, evidence);
    }

    private Migration optimize(Migration m) {
        MigrationSpec spec = spec(m);
        EvalComparison c = comparison(m);
        List<String> behind = new ArrayList<>();
        for (ScorerDelta s : c.scorers()) {
            if (!s.name().equals(AgreementScorer.NAME)
                    && !s.lowerIsBetter()
                    && s.delta().isPresent()
                    && s.delta().getAsDouble() < 0) {
                behind.add(s.name());
            }
        }
        progress.accept("[3/6] optimize: the candidate is behind on "
                + (behind.isEmpty() ? "no scorer" : String.join(", ", behind)));
        ObjectNode state = m.state();
        String why = null;
        if (behind.isEmpty()) {
            why = "the candidate is not behind on any scorer";
        } else if (!spec.optimize()) {
            why = "optimization was turned off (--no-optimize)";
        } else if (baselinePrompt(m).isEmpty()) {
            why = "endpoint '" + m.endpoint() + "' renders no prompt from the registry, so there is no prompt to "
                    + "optimize (bind one: endpoints[].prompt)";
        }
        if (why != null) {
            progress.accept("      skipped: " + why);
            ObjectNode evidence = Json.object();
            behind.forEach(evidence.putArray("behind")::add);
            evidence.put("reason", why);
            crashPoint.accept("optimize");
            return update(
                    m, Migration.Status.RUNNING, Migration.Step.COMPARE, state, "optimize", "skipped", why, evidence);
        }
        PromptVersion current = baselinePrompt(m).orElseThrow();
        List<EvalRow> rows = candidateRows(m);
        List<EvalRow> searchRows = searchRows(rows, c, behind, spec.seed());
        progress.accept("      searching on " + searchRows.size() + " of the " + rows.size()
                + " rows: those the lagging scorers judge, and a sample of the rest");
        CandidateOptimizer search = optimizer != null ? optimizer : new GepaCandidateOptimizer(spec.reflectionModel());
        CandidateOptimizer.Outcome outcome = search.optimize(new CandidateOptimizer.Request(
                gateway,
                prompts,
                current,
                m.toModel(),
                searchRows,
                scorers(spec, false),
                spec.optimizeBudget(),
                spec.seed(),
                line -> progress.accept("      " + line),
                Path.of(System.getProperty("java.io.tmpdir"), "mlflowlite-" + m.id() + "-optimizer.json")));
        ObjectNode evidence = outcome.evidence().deepCopy();
        behind.forEach(evidence.putArray("behind")::add);
        String summary;
        String decision;
        if (outcome.improved().isPresent()) {
            PromptVersion better = outcome.improved().get();
            progress.accept("      re-evaluating the candidate with " + better.uri());
            EvaluationResult candidate =
                    run(m, "candidate optimized", m.toModel(), better, rows, scorers(spec, true), spec.seed());
            state.put(
                    "candidate_run_before_optimization", m.get("candidate_run").asText());
            state.put("candidate_run", candidate.run().runId());
            state.put("candidate_prompt_version", better.version());
            evidence.set("candidate", runJson(candidate));
            summary = "prompt " + better.uri() + " for " + m.toModel() + ": " + outcome.summary() + "; candidate now "
                    + passRates(candidate);
            decision = "improved";
        } else {
            summary = "no better prompt found: " + outcome.summary();
            decision = "not_improved";
        }
        progress.accept("      " + summary);
        crashPoint.accept("optimize");
        return update(
                m, Migration.Status.RUNNING, Migration.Step.COMPARE, state, "optimize", decision, summary, evidence);
    }

    private Migration compare(Migration m) {
        MigrationSpec spec = spec(m);
        EvalComparison c = comparison(m);
        Optional<Double> agreement = agreement(m);
        MigrationGate.Decision d = spec.gate().decide(c, agreement);
        progress.accept("[4/6] compare: " + c.pairs().size() + " paired rows, "
                + regressions(c).size() + " regressed on a quality scorer; gate: " + (d.go() ? "GO" : "NO-GO"));
        for (MigrationGate.Check check : d.checks()) {
            progress.accept("      " + (check.passed() ? "pass  " : "FAIL  ") + check.sentence());
        }
        ObjectNode evidence = d.toJson();
        evidence.set("comparison", summary(c, agreement));
        ObjectNode state = m.state();
        state.set("gate", d.toJson());
        String summary = d.go()
                ? "go: every check passed (" + d.checks().size() + " checks)"
                : "no-go: "
                        + String.join(
                                "; ",
                                d.failures().stream()
                                        .map(MigrationGate.Check::sentence)
                                        .toList());
        crashPoint.accept("compare");
        return update(
                m,
                d.go() ? Migration.Status.RUNNING : Migration.Status.NO_GO,
                d.go() ? Migration.Step.ROLLOUT : Migration.Step.DONE,
                state,
                "compare",
                d.go() ? "go" : "no-go",
                summary,
                evidence);
    }

    private Migration rollout(Migration m, Duration wait) {
        MigrationSpec spec = spec(m);
        if (!m.get("rollout_started").asBoolean()) {
            String text = GatewayFile.rollout(
                    m.get("original_config").asText(),
                    m.endpoint(),
                    m.toModel(),
                    candidatePromptUri(m),
                    m.id(),
                    spec.gate().rollout(),
                    spec.config().toString());
            GatewayFile.replace(spec.config(), text, env);
            crashPoint.accept("rollout-config-written");
            ObjectNode state = m.state();
            state.put("rollout_started", true);
            state.put("experiment", m.id());
            state.put("transitions_seen", 0);
            ObjectNode evidence = Json.object();
            evidence.put("config", spec.config().toString());
            evidence.put("route", m.endpoint());
            evidence.put("experiment", m.id());
            evidence.set("plan", spec.gate().rollout());
            String summary = "route '" + m.endpoint() + "' now splits calls between " + m.endpoint() + "-current ("
                    + m.fromModel() + ") and " + m.endpoint() + "-candidate (" + m.toModel()
                    + "); the gateway moves the candidate through stages "
                    + spec.gate().rollout().path("stages");
            progress.accept("[5/6] rollout: " + summary);
            m = update(
                    m,
                    Migration.Status.ROLLING_OUT,
                    Migration.Step.ROLLOUT,
                    state,
                    "rollout",
                    "started",
                    summary,
                    evidence);
        }
        Instant deadline = clock.instant().plus(wait);
        while (true) {
            Optional<Experiment> e = experiments.get(m.id());
            if (e.isPresent()) {
                List<Transition> transitions = experiments.transitions(m.id());
                for (int i = m.get("transitions_seen").asInt(); i < transitions.size(); i++) {
                    Transition t = transitions.get(i);
                    String action = t.action().name().toLowerCase(Locale.ROOT);
                    String summary = String.format(
                            Locale.ROOT,
                            "%s: candidate at %s%% (stage %d), by %s: %s",
                            action,
                            fmt(t.candidatePercent()),
                            t.toStage() + 1,
                            t.actor(),
                            t.reason());
                    progress.accept("      " + summary);
                    ObjectNode state = m.state();
                    state.put("transitions_seen", i + 1);
                    m = update(m, m.status(), m.step(), state, "rollout", action, summary, ExperimentService.json(t));
                }
                Experiment.Status status = e.get().status();
                if (status == Experiment.Status.PROMOTED) {
                    ObjectNode state = m.state();
                    crashPoint.accept("rollout");
                    return update(
                            m,
                            Migration.Status.ROLLING_OUT,
                            Migration.Step.PROMOTE,
                            state,
                            "rollout",
                            "completed",
                            "the candidate passed every stage's gates and serves 100 % of calls",
                            ExperimentService.json(transitions.get(transitions.size() - 1)));
                }
                if (status == Experiment.Status.ROLLED_BACK) {
                    Transition last = transitions.get(transitions.size() - 1);
                    ObjectNode evidence = restore(m, "the rollout was rolled back: " + last.reason());
                    evidence.set("rollback", ExperimentService.json(last));
                    return update(
                            m,
                            Migration.Status.ROLLED_BACK,
                            Migration.Step.DONE,
                            m.state(),
                            "rollout",
                            "rolled_back",
                            "rolled back at " + fmt(last.candidatePercent()) + " % by " + last.actor() + ": "
                                    + last.reason() + "; " + m.fromModel() + " serves the endpoint again",
                            evidence);
                }
            }
            if (!clock.instant().isBefore(deadline)) {
                progress.accept("      still rolling out"
                        + (e.isEmpty()
                                ? " (no gateway has loaded the rollout's configuration yet: is one serving "
                                        + spec.config().getFileName() + "?)"
                                : " at " + fmt(e.get().candidate().percent()) + " %")
                        + "; `mlflowlite migrate resume " + m.id() + "` waits again");
                return m;
            }
            try {
                Thread.sleep(pollEvery.toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return m;
            }
        }
    }

    private Migration promote(Migration m) {
        MigrationSpec spec = spec(m);
        ObjectNode evidence = Json.object();
        String promptUri = null;
        JsonNode prompt = m.get("prompt");
        if (prompt.isObject()) {
            PromptUri bound = PromptUri.parse(prompt.path("uri").asText());
            int before = prompt.path("version").asInt();
            int after = m.get("candidate_prompt_version").asInt(before);
            if (bound.aliasIfPresent().isPresent()
                    && !bound.aliasIfPresent().get().equals(PromptUri.LATEST)) {
                String alias = bound.aliasIfPresent().get();
                if (after != before) {
                    prompts.moveAlias(bound.name(), alias, after);
                    evidence.put("alias", bound.name() + "@" + alias);
                    evidence.put("alias_from", before);
                    evidence.put("alias_to", after);
                }
            } else if (after != before) {
                promptUri = PromptUri.of(bound.name(), after).toString();
                evidence.put("prompt", promptUri);
            }
        }
        crashPoint.accept("promote-alias-moved");
        String text = GatewayFile.promoted(
                m.get("original_config").asText(),
                m.endpoint(),
                m.toModel(),
                promptUri,
                spec.config().toString());
        GatewayFile.replace(spec.config(), text, env);
        evidence.put("config", spec.config().toString());
        evidence.put("from_model", m.fromModel());
        evidence.put("to_model", m.toModel());
        ObjectNode state = m.state();
        state.put("alias_moved", evidence.has("alias"));
        String summary = "endpoint '" + m.endpoint() + "' serves " + m.toModel()
                + (evidence.has("alias")
                        ? ", prompt " + evidence.path("alias").asText() + " moved from version "
                                + evidence.path("alias_from").asInt() + " to "
                                + evidence.path("alias_to").asInt()
                        : "")
                + "; the gateway reloads the file with no restart";
        progress.accept("[6/6] promote: " + summary);
        crashPoint.accept("promote");
        return update(
                m, Migration.Status.PROMOTED, Migration.Step.DONE, state, "promote", "promoted", summary, evidence);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Puts the configuration, the alias and the experiment back; returns what was done. */
    private ObjectNode restore(Migration m, String reason) {
        MigrationSpec spec = spec(m);
        ObjectNode evidence = Json.object();
        GatewayFile.replace(spec.config(), m.get("original_config").asText(), env);
        evidence.put("config_restored", spec.config().toString());
        JsonNode prompt = m.get("prompt");
        if (prompt.isObject() && m.get("alias_moved").asBoolean()) {
            PromptUri bound = PromptUri.parse(prompt.path("uri").asText());
            prompts.moveAlias(
                    bound.name(),
                    bound.aliasIfPresent().orElseThrow(),
                    prompt.path("version").asInt());
            evidence.put(
                    "alias_restored",
                    bound.name() + "@" + bound.aliasIfPresent().get() + " → version "
                            + prompt.path("version").asInt());
        }
        Optional<Experiment> e = experiments.get(m.id());
        if (e.isPresent() && !e.get().status().ended()) {
            new ExperimentControl(experiments, clock)
                    .apply(m.id(), ExperimentControl.Action.ROLLBACK, null, "migration", reason);
            evidence.put("experiment", "rolled back");
        }
        return evidence;
    }

    private Migration update(
            Migration m,
            Migration.Status status,
            Migration.Step step,
            ObjectNode state,
            String eventStep,
            String decision,
            String summary,
            JsonNode evidence) {
        Instant now = clock.instant();
        Migration next = m.next(status, step, state, now);
        if (!store.update(next, new MigrationEvent(m.id(), now, eventStep, decision, summary, evidence))) {
            throw new IllegalStateException("Migration " + m.id() + " was changed by another process while this one "
                    + "ran its " + m.step().label() + " step; run `mlflowlite migrate status " + m.id() + "`");
        }
        return next;
    }

    static MigrationSpec spec(Migration m) {
        return MigrationSpec.fromJson(m.get("spec"));
    }

    private Optional<PromptVersion> baselinePrompt(Migration m) {
        JsonNode p = m.get("prompt");
        return p.isObject()
                ? Optional.of(
                        prompts.get(p.path("name").asText(), p.path("version").asInt()))
                : Optional.empty();
    }

    private String candidatePromptUri(Migration m) {
        JsonNode p = m.get("prompt");
        if (!p.isObject()) {
            return null;
        }
        return PromptUri.of(
                        p.path("name").asText(),
                        m.get("candidate_prompt_version")
                                .asInt(p.path("version").asInt()))
                .toString();
    }

    /** The scorers of {@code spec}: {@code task} and {@code agreement} built in, the rest from the resolver. */
    List<Scorer> scorers(MigrationSpec spec, boolean agreement) {
        List<Scorer> list = new ArrayList<>();
        for (String name : spec.scorers()) {
            switch (name) {
                case TaskScorer.NAME -> list.add(new TaskScorer());
                case AgreementScorer.NAME -> {} // added below when there are references
                default -> list.addAll(scorerResolver.apply(name));
            }
        }
        if (agreement) {
            list.add(new AgreementScorer());
        }
        return list;
    }

    private static List<String> scorerNames(MigrationSpec spec) {
        List<String> names = new ArrayList<>(spec.scorers());
        if (!names.contains(AgreementScorer.NAME)) {
            names.add(AgreementScorer.NAME);
        }
        return names;
    }

    private EvaluationResult run(
            Migration m,
            String role,
            String model,
            PromptVersion prompt,
            List<EvalRow> rows,
            List<Scorer> scorers,
            long seed) {
        int total = rows.size();
        int step = Math.max(1, total / 4);
        Evaluation.Builder b = Evaluation.builder()
                .name(m.id() + " " + role)
                .data(Dataset.of(rows))
                .model(model)
                .predictFn(predict(model, prompt, seed))
                .scorers(scorers)
                .gateway(gateway)
                .store(runs)
                .seed(seed)
                .tag("mlflowlite.migration", m.id())
                .tag("mlflowlite.migration.role", role)
                .progress((p, row) -> {
                    if (p.done() % step == 0 || p.done() == p.total()) {
                        progress.accept(String.format(
                                Locale.ROOT,
                                "      %-20s %4d/%d rows",
                                role + " (" + model + ")",
                                p.done(),
                                p.total()));
                    }
                });
        if (prompt != null) {
            b.promptVersion(prompt.uri().toString());
        }
        return b.build().run();
    }

    /** Calls {@code model} as the endpoint does: the prompt rendered from the row's inputs, then its messages. */
    PredictFn predict(String model, PromptVersion prompt, long seed) {
        return inputs -> {
            ChatRequest.Builder b = prompt != null ? prompt.render(inputs) : ChatRequest.builder();
            List<Message> messages = new ArrayList<>();
            if (prompt != null) {
                messages.addAll(b.build().messages());
            }
            if (inputs.get("messages") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> msg) {
                        messages.add(Message.of(
                                Role.fromWire(String.valueOf(msg.get("role"))), String.valueOf(msg.get("content"))));
                    }
                }
            } else if (prompt == null && inputs.get("question") != null) {
                messages.add(Message.user(String.valueOf(inputs.get("question"))));
            }
            return gateway.completion(
                    b.messages(messages).model(model).seed(seed).build());
        };
    }

    private EvalComparison comparison(Migration m) {
        EvaluationResult baseline = result(m.get("baseline_run").asText());
        EvaluationResult candidate = result(m.get("candidate_run").asText());
        return EvalComparison.builder(baseline, candidate).seed(spec(m).seed()).build();
    }

    EvaluationResult result(String runId) {
        return runs.get(runId)
                .orElseThrow(
                        () -> new IllegalStateException("Evaluation run " + runId + " is not in " + runs.describe()));
    }

    private Optional<Double> agreement(Migration m) {
        EvaluationResult candidate = result(m.get("candidate_run").asText());
        return candidate
                .aggregateScores()
                .get(AgreementScorer.NAME)
                .flatMap(
                        s -> s.passRate().isPresent() ? Optional.of(s.passRate().getAsDouble()) : Optional.empty());
    }

    static ObjectNode summary(EvalComparison c, Optional<Double> agreement) {
        ObjectNode json = Json.object();
        json.put("pairs", c.pairs().size());
        ArrayNode scorers = json.putArray("scorers");
        for (ScorerDelta s : c.scorers()) {
            ObjectNode o = scorers.addObject();
            o.put("name", s.name());
            o.put("paired", s.paired());
            s.baselineMean().ifPresent(v -> o.put("baseline", v));
            s.candidateMean().ifPresent(v -> o.put("candidate", v));
            s.delta().ifPresent(v -> o.put("delta", v));
            s.deltaInterval()
                    .ifPresent(
                            ci -> o.putArray("delta_interval").add(ci.lower()).add(ci.upper()));
            o.put("wins", s.wins());
            o.put("losses", s.losses());
        }
        agreement.ifPresent(a -> json.put("agreement", a));
        c.latency().ifPresent(l -> json.set("latency_ms", latencyJson(l)));
        ObjectNode cost = json.putObject("cost_per_1000_requests_usd");
        int n = Math.max(1, c.pairs().size());
        cost.put("baseline", per1000(c.cost().baselineApp().costUsd(), n));
        cost.put("candidate", per1000(c.cost().candidateApp().costUsd(), n));
        json.put("regressed_rows", regressions(c).size());
        ArrayNode regressed = json.putArray("regressions");
        for (RowDiff d : regressions(c).stream().limit(20).toList()) {
            ObjectNode r = regressed.addObject();
            r.put("row", d.candidate().index());
            r.set("inputs", Json.MAPPER.valueToTree(d.inputs()));
            qualityRegressions(d).forEach(r.putArray("scorers")::add);
            r.put("baseline", String.valueOf(d.baselineOutputs().orElse("")));
            r.put("candidate", String.valueOf(d.candidateOutputs().orElse("")));
        }
        return json;
    }

    /**
     * The rows the candidate lost on a quality scorer, or whose prediction failed where today's did not. Agreement
     * alone does not count: a candidate answering in another words is not a regression.
     */
    static List<RowDiff> regressions(EvalComparison c) {
        return c.regressions().stream()
                .filter(d -> d.newlyFailed() || !qualityRegressions(d).isEmpty())
                .toList();
    }

    /** The scorers {@code d} regressed on, agreement left out. */
    static List<String> qualityRegressions(RowDiff d) {
        return d.regressedScorers().stream()
                .filter(s -> !s.equals(AgreementScorer.NAME))
                .toList();
    }

    private static ObjectNode latencyJson(LatencyDelta l) {
        ObjectNode o = Json.object();
        o.put("baseline_p50", l.baselineP50().toMillis());
        o.put("baseline_p95", l.baselineP95().toMillis());
        o.put("candidate_p50", l.candidateP50().toMillis());
        o.put("candidate_p95", l.candidateP95().toMillis());
        o.put("rows", l.rows());
        return o;
    }

    /** Dollars per 1,000 requests from {@code total} over {@code n} requests. */
    static BigDecimal per1000(BigDecimal total, int n) {
        return total.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(n), 6, RoundingMode.HALF_UP);
    }

    private static String passRates(EvaluationResult r) {
        List<String> parts = new ArrayList<>();
        r.aggregateScores()
                .all()
                .forEach(s ->
                        s.mean().ifPresent(v -> parts.add(String.format(Locale.ROOT, "%s %.1f%%", s.name(), 100 * v))));
        return String.join(", ", parts);
    }

    private static ObjectNode runJson(EvaluationResult r) {
        ObjectNode o = Json.object();
        o.put("run", r.run().runId());
        o.put("model", r.run().model().orElse(""));
        r.run().promptVersion().ifPresent(p -> o.put("prompt", p));
        ObjectNode scores = o.putObject("scores");
        r.aggregateScores().all().forEach(s -> s.mean().ifPresent(v -> scores.put(s.name(), v)));
        o.put("cost_usd", r.run().appUsage().costUsd());
        o.put("rows", r.rows().size());
        o.put("errors", r.rowsWithErrors().size());
        return o;
    }

    static String fmt(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }

    /** The dataset rows kept in the migration. */
    static List<EvalRow> rows(Migration m) {
        List<EvalRow> rows = new ArrayList<>();
        for (JsonNode r : m.get("dataset")) {
            rows.add(new EvalRow(
                    map(r.path("inputs")),
                    Optional.empty(),
                    map(r.path("expectations")),
                    r.hasNonNull("trace_id") ? Optional.of(r.get("trace_id").asText()) : Optional.empty()));
        }
        return rows;
    }

    /**
     * The rows step 3 searches on: those a lagging scorer judges (at most {@value #MAX_LAGGING_ROWS}, seeded), plus
     * a seeded sample of the other rows half as many, so a rewrite that mends the lagging rows but breaks the others
     * loses on the others. Every row of the migration is evaluated again afterwards either way; searching on all of
     * them would spend the budget on rows where the candidate already does well.
     */
    static List<EvalRow> searchRows(List<EvalRow> rows, EvalComparison c, List<String> behind, long seed) {
        Set<Map<String, Object>> lagging = new HashSet<>();
        for (RowDiff pair : c.pairs()) {
            for (String scorer : behind) {
                RowDiff.Outcome o = pair.outcomes().get(scorer);
                if (o != null && o != RowDiff.Outcome.EXCLUDED) {
                    lagging.add(pair.inputs());
                }
            }
        }
        List<EvalRow> focus = new ArrayList<>();
        List<EvalRow> rest = new ArrayList<>();
        for (EvalRow row : rows) {
            (lagging.contains(row.inputs()) ? focus : rest).add(row);
        }
        if (focus.isEmpty()) {
            return rows;
        }
        Collections.shuffle(focus, new Random(seed));
        Collections.shuffle(rest, new Random(seed + 1));
        List<EvalRow> chosen = new ArrayList<>(focus.subList(0, Math.min(MAX_LAGGING_ROWS, focus.size())));
        chosen.addAll(rest.subList(0, Math.min(rest.size(), chosen.size() / 2)));
        return chosen;
    }

    /** The candidate's rows: the dataset with today's answers as references (from the baseline run if needed). */
    private List<EvalRow> candidateRows(Migration m) {
        List<EvalRow> rows = rows(m);
        if (rows.stream().anyMatch(r -> r.expectations().containsKey(AgreementScorer.REFERENCE))) {
            return rows;
        }
        return referencesFrom(result(m.get("baseline_run").asText()));
    }

    private static List<EvalRow> referencesFrom(EvaluationResult baseline) {
        List<EvalRow> rows = new ArrayList<>();
        baseline.rows().forEach(r -> {
            Map<String, Object> expectations = new LinkedHashMap<>(r.expectations());
            r.outputs().ifPresent(o -> expectations.put(AgreementScorer.REFERENCE, String.valueOf(o)));
            rows.add(new EvalRow(r.inputs(), Optional.empty(), expectations, Optional.empty()));
        });
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode node) {
        return node.isObject() ? Json.MAPPER.convertValue(node, LinkedHashMap.class) : Map.of();
    }

    private static ArrayNode rowsJson(List<EvalRow> rows) {
        ArrayNode array = Json.array();
        for (EvalRow r : rows) {
            ObjectNode o = array.addObject();
            o.set("inputs", Json.MAPPER.valueToTree(r.inputs()));
            o.set("expectations", Json.MAPPER.valueToTree(r.expectations()));
            r.traceId().ifPresent(t -> o.put("trace_id", t));
        }
        return array;
    }

    private static List<EvalRow> sample(List<EvalRow> rows, int n, long seed) {
        if (rows.size() <= n) {
            return rows;
        }
        List<EvalRow> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));
        return shuffled.subList(0, n);
    }

    /**
     * A dataset by name: {@code simulated:FAMILY[,FAMILY…]} (the simulated world's labelled rows) or a file
     * ({@code .jsonl}, {@code .json}, {@code .csv}).
     */
    public static Dataset loadDataset(String source) {
        if (source.startsWith("simulated:")) {
            List<EvalRow> rows = new ArrayList<>();
            for (String family : source.substring("simulated:".length()).split(",")) {
                rows.addAll(SimulatedDatasets.load(family.strip()).rows());
            }
            return Dataset.of(rows);
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("The dataset " + source + " does not exist");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl")) {
            return Dataset.fromJsonl(file);
        }
        if (name.endsWith(".json")) {
            return Dataset.fromJson(file);
        }
        if (name.endsWith(".csv")) {
            return Dataset.fromCsv(file);
        }
        throw new ConfigurationException(
                "The dataset " + source + " is not .jsonl, .json or .csv (or simulated:FAMILY)");
    }

    /** Builds a {@link MigrationService}; every store, the gateway and the prompt registry are required. */
    public static final class Builder {
        private MigrationStore store;
        private Gateway gateway;
        private TraceStore traces;
        private EvalRunStore runs;
        private PromptRegistry prompts;
        private ExperimentStore experiments;
        private Function<String, List<Scorer>> scorerResolver = name -> {
            throw new IllegalArgumentException(
                    "Unknown scorer '" + name + "'; the migration scorers are task and agreement");
        };
        private Clock clock = Clock.systemUTC();
        private Consumer<String> progress = line -> {};
        private Consumer<String> crashPoint = point -> {};
        private Map<String, String> env = System.getenv();
        private Duration rolloutWait = Duration.ZERO;
        private Duration pollEvery = Duration.ofSeconds(1);
        private CandidateOptimizer optimizer;

        private Builder() {}

        public Builder store(MigrationStore value) {
            this.store = value;
            return this;
        }

        /** The gateway the evaluations call the models through (with tracing, so rows have latency and cost). */
        public Builder gateway(Gateway value) {
            this.gateway = value;
            return this;
        }

        /** Where the endpoint's traces are read from for the baseline. */
        public Builder traces(TraceStore value) {
            this.traces = value;
            return this;
        }

        /** Where the evaluation runs are kept. */
        public Builder runs(EvalRunStore value) {
            this.runs = value;
            return this;
        }

        /** The prompt registry the gateway's prompt bindings read. */
        public Builder prompts(PromptRegistry value) {
            this.prompts = value;
            return this;
        }

        /** The experiment store the gateways' rollouts are in. */
        public Builder experiments(ExperimentStore value) {
            this.experiments = value;
            return this;
        }

        /** Resolves scorer names other than {@code task} and {@code agreement}; throws for unknown ones. */
        public Builder scorers(Function<String, List<Scorer>> resolver) {
            this.scorerResolver = resolver;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Hears each line of progress (steps, rows evaluated, rollout transitions). */
        public Builder progress(Consumer<String> value) {
            this.progress = value;
            return this;
        }

        /**
         * Hears the name of each point where a step's work is done but not yet recorded ({@code capture},
         * {@code evaluate}, {@code optimize}, {@code compare}, {@code rollout-config-written}, {@code rollout},
         * {@code promote-alias-moved}, {@code promote}): where a crash costs the most. For fault-injection tests.
         */
        public Builder crashPoint(Consumer<String> value) {
            this.crashPoint = value;
            return this;
        }

        /** The environment configuration files are validated with (their {@code $VARIABLES}). */
        public Builder env(Map<String, String> value) {
            this.env = value;
            return this;
        }

        /** How long {@link #start} and {@link #resume} wait for a rollout's outcome (default: not at all). */
        public Builder rolloutWait(Duration value) {
            this.rolloutWait = value;
            return this;
        }

        /** How often a rollout's experiment is read while waiting (default 1 s). */
        public Builder pollEvery(Duration value) {
            this.pollEvery = value;
            return this;
        }

        /** The optimizer of the candidate's prompt (step 3); default a GEPA search ({@link GepaCandidateOptimizer}). */
        public Builder optimizer(CandidateOptimizer value) {
            this.optimizer = value;
            return this;
        }

        public MigrationService build() {
            return new MigrationService(this);
        }
    }
}
