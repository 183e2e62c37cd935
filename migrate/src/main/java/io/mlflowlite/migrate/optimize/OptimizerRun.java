package io.mlflowlite.migrate.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.Evaluation;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.RowResult;
import io.mlflowlite.json.Json;
import io.mlflowlite.prompt.PromptDraft;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptType;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.prompt.RenderedPrompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** One optimization: the state (checkpointed after every step), the budget, and both searches. Not thread-safe. */
final class OptimizerRun {
    static final String TAG_PREFIX = "mlflowlite.optimize.";
    private static final int CHECKPOINT_FORMAT = 1;
    private static final int MINIBATCH = 5;
    private static final int FEW_SHOT = 3;
    private static final int MAX_SHOWN_FAILURES = 8;
    private static final int MAX_FINALISTS = 3;
    private static final int MAX_STALLED = 12;
    private static final int MAX_FEW_SHOT_TRIES = 3;
    private static final String EXAMPLES_END = "\n---\n\n";
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** A row's score and what the reflection model is shown of it. */
    record RowEval(double score, String output, String feedback) {}

    /** A candidate while the search runs. */
    static final class State {
        int id;
        Integer parent;
        String move;
        String text;
        String status;
        Double mini;
        Double parentMini;
        final Map<Integer, RowEval> train = new TreeMap<>();
        final Map<Integer, RowEval> val = new TreeMap<>();
        final List<String> tried = new ArrayList<>();
        int fewShotTries;
    }

    private final PromptOptimizer config;
    private final List<EvalRow> trainRows;
    private final List<EvalRow> valRows;
    private final String fingerprint;
    private final List<State> candidates = new ArrayList<>();
    private Budget budget;
    private int iteration;
    private int stalled;
    private boolean finished;
    private Integer best;
    private Integer registeredVersion;

    OptimizerRun(PromptOptimizer config, List<EvalRow> trainRows, List<EvalRow> valRows) {
        this.config = config;
        this.trainRows = trainRows;
        this.valRows = valRows;
        this.fingerprint = fingerprint();
    }

    OptimizationResult run() {
        budget = new Budget(config.budget(), 0, 0, 0, BigDecimal.ZERO, 0);
        if (config.checkpoint() != null && Files.exists(config.checkpoint())) {
            load(config.checkpoint());
            config.emit("resuming from " + config.checkpoint() + ": " + candidates.size() + " candidates, "
                    + budget.used().calls() + " calls used");
        }
        if (!finished) {
            if (candidates.isEmpty()) {
                start();
            }
            if (!finished) {
                search();
                finish();
            }
        }
        return result();
    }

    // ---------------------------------------------------------------- the searches

    private void start() {
        State s = new State();
        s.id = 0;
        s.move = "start";
        s.text = PromptText.editable(config.prompt().template());
        s.status = "start";
        candidates.add(s);
        config.emit("optimizing " + config.prompt().uri() + " for " + config.targetModel() + " with "
                + config.algorithm().name().toLowerCase(Locale.ROOT) + ": " + trainRows.size() + " training rows, "
                + valRows.size() + " validation rows, budget " + config.budget());
        if (!budget.canAfford(trainRows.size() + valRows.size())) {
            throw new IllegalArgumentException("The budget (" + config.budget() + ") cannot even score the starting "
                    + "prompt: that takes " + (trainRows.size() + valRows.size()) + " calls (" + trainRows.size()
                    + " training and " + valRows.size() + " validation rows); raise it or use fewer rows");
        }
        Map<Integer, RowEval> train = evaluate(s, all(trainRows.size()), false);
        Map<Integer, RowEval> val = train == null ? null : evaluate(s, all(valRows.size()), true);
        if (train == null || val == null) {
            throw new IllegalStateException(
                    "The budget ran out while scoring the starting prompt (" + budget.used() + "); raise it");
        }
        s.train.putAll(train);
        s.val.putAll(val);
        config.emit(String.format(
                Locale.ROOT, "start: train %.3f, validation %.3f  [%s]", mean(s.train), mean(s.val), calls()));
        save();
    }

    private void search() {
        while (!budget.timeUp() && stalled < MAX_STALLED) {
            if (pool().stream().allMatch(c -> mean(c.train) >= 1.0)) {
                config.emit("every training row passes: nothing left to improve");
                break;
            }
            boolean more = config.algorithm() == OptimizerAlgorithm.GEPA ? gepaStep() : metapromptStep();
            iteration++;
            save();
            if (!more) {
                break;
            }
        }
    }

    /** One GEPA step; false when the budget cannot pay for another. */
    private boolean gepaStep() {
        SplittableRandom rng = rng(iteration);
        List<State> front = paretoFront();
        State parent = sample(front, rng);
        int n = trainRows.size();
        int b = Math.min(MINIBATCH, n);
        boolean exhausted = parent.tried.contains("none");
        boolean fewShot = parent.fewShotTries < MAX_FEW_SHOT_TRIES && (exhausted || rng.nextDouble() < 0.25);
        if (exhausted && !fewShot) {
            // the reflection model has nothing left to propose for this parent
            stalled++;
            return true;
        }
        int need = b + (fewShot ? 0 : 1) + (n - b) + valRows.size();
        if (!budget.canAfford(need)) {
            config.emit("budget: " + budget.callsLeft() + " calls left, a step needs " + need + "; stopping");
            return false;
        }
        List<Integer> minibatch = minibatch(parent, b, rng);
        State child = new State();
        child.id = candidates.size();
        child.parent = parent.id;
        if (fewShot) {
            parent.fewShotTries++;
            List<Integer> picks = fewShotRows(parent, rng);
            child.move = "few-shot: rows " + picks;
            child.text = withExamples(parent.text, picks);
        } else {
            List<Integer> failing = minibatch.stream()
                    .filter(i -> parent.train.get(i).score() < 1.0)
                    .toList();
            if (failing.isEmpty()) {
                stalled++;
                return true;
            }
            ReflectionPrompt.Proposal proposal = reflect(parent, failing);
            if (proposal == null) {
                return budget.canAfford(1);
            }
            child.move = "reflect: " + proposal.edit();
            child.text = proposal.text();
        }
        if (!admissible(child, parent)) {
            return true;
        }
        Map<Integer, RowEval> mini = evaluate(child, minibatch, false);
        if (mini == null) {
            child.status = "incomplete";
            return false;
        }
        child.train.putAll(mini);
        double childMini = mean(mini);
        double parentMini = minibatch.stream()
                .mapToDouble(i -> parent.train.get(i).score())
                .average()
                .orElse(0);
        child.mini = childMini;
        child.parentMini = parentMini;
        if (childMini <= parentMini) {
            child.status = "rejected";
            child.train.clear();
            rememberTried(parent, child);
            stalled++;
            config.emit(String.format(
                    Locale.ROOT,
                    "c%d %s: minibatch %.2f vs parent c%d %.2f, rejected  [%s]",
                    child.id,
                    child.move,
                    childMini,
                    parent.id,
                    parentMini,
                    calls()));
            return true;
        }
        List<Integer> rest = all(n).stream().filter(i -> !mini.containsKey(i)).toList();
        Map<Integer, RowEval> others = evaluate(child, rest, false);
        if (others == null) {
            child.status = "incomplete";
            return false;
        }
        child.train.putAll(others);
        child.status = "accepted";
        inherit(child, parent);
        stalled = 0;
        config.emit(String.format(
                Locale.ROOT,
                "c%d %s: minibatch %.2f vs parent c%d %.2f, accepted: train %.3f  [%s]",
                child.id,
                child.move,
                childMini,
                parent.id,
                parentMini,
                mean(child.train),
                calls()));
        return true;
    }

    /** One metaprompt step; false when the budget cannot pay for another. */
    private boolean metapromptStep() {
        State current = pool().stream()
                .max(Comparator.comparingDouble((State c) -> mean(c.train)).thenComparing(c -> -c.id))
                .orElseThrow();
        if (current.tried.contains("none")) {
            config.emit("the reflection model has no further edit for c" + current.id + "; stopping");
            return false;
        }
        int n = trainRows.size();
        int need = 1 + n + valRows.size();
        if (!budget.canAfford(need)) {
            config.emit("budget: " + budget.callsLeft() + " calls left, a step needs " + need + "; stopping");
            return false;
        }
        SplittableRandom rng = rng(iteration);
        List<Integer> failing = new ArrayList<>(
                all(n).stream().filter(i -> current.train.get(i).score() < 1.0).toList());
        shuffle(failing, rng);
        ReflectionPrompt.Proposal proposal =
                reflect(current, failing.subList(0, Math.min(MAX_SHOWN_FAILURES, failing.size())));
        if (proposal == null) {
            return budget.canAfford(1);
        }
        State child = new State();
        child.id = candidates.size();
        child.parent = current.id;
        child.move = "reflect: " + proposal.edit();
        child.text = proposal.text();
        if (!admissible(child, current)) {
            return true;
        }
        Map<Integer, RowEval> train = evaluate(child, all(n), false);
        if (train == null) {
            child.status = "incomplete";
            return false;
        }
        child.train.putAll(train);
        if (mean(train) > mean(current.train)) {
            child.status = "accepted";
            inherit(child, current);
            stalled = 0;
        } else {
            child.status = "rejected";
            rememberTried(current, child);
            stalled++;
        }
        config.emit(String.format(
                Locale.ROOT,
                "c%d %s: train %.3f vs c%d %.3f, %s  [%s]",
                child.id,
                child.move,
                mean(train),
                current.id,
                mean(current.train),
                child.status,
                calls()));
        return true;
    }

    /** Registers the child as a candidate; false (and recorded) when it repeats one or lost a variable. */
    private boolean admissible(State child, State parent) {
        candidates.add(child);
        Set<String> missing = new LinkedHashSet<>(config.prompt().template().variables());
        try {
            missing.removeAll(
                    PromptText.with(config.prompt().template(), child.text).variables());
        } catch (RuntimeException e) {
            child.status = "invalid";
            rememberTried(parent, child);
            stalled++;
            config.emit("c" + child.id + " " + child.move + ": not a valid template (" + e.getMessage() + ")");
            return false;
        }
        if (!missing.isEmpty()) {
            child.status = "invalid";
            rememberTried(parent, child);
            stalled++;
            config.emit("c" + child.id + " " + child.move + ": lost the variable(s) " + missing + ", skipped");
            return false;
        }
        for (State other : candidates) {
            if (other != child && other.text.equals(child.text) && !other.status.equals("duplicate")) {
                child.status = "duplicate";
                rememberTried(parent, child);
                stalled++;
                config.emit("c" + child.id + " " + child.move + ": same prompt as c" + other.id + ", skipped");
                return false;
            }
        }
        return true;
    }

    /** An accepted child starts with the edits that did not help its parent (and not "none"). */
    private static void inherit(State child, State parent) {
        parent.tried.stream().filter(t -> !t.equals("none")).forEach(child.tried::add);
    }

    private void rememberTried(State parent, State child) {
        String edit = child.move.startsWith("reflect: ") ? child.move.substring(9) : null;
        if (edit != null && !parent.tried.contains(edit)) {
            parent.tried.add(edit);
        }
    }

    private ReflectionPrompt.Proposal reflect(State parent, List<Integer> rows) {
        List<ReflectionPrompt.Failure> failures = new ArrayList<>();
        for (int i : rows) {
            EvalRow row = trainRows.get(i);
            RowEval e = parent.train.get(i);
            failures.add(new ReflectionPrompt.Failure(row.inputs(), e.output(), expected(row), e.feedback()));
        }
        String prompt =
                ReflectionPrompt.build(parent.text, config.prompt().template().variables(), failures, parent.tried);
        Budget.Slot slot = budget.acquire(true);
        if (slot == null) {
            return null;
        }
        ChatResponse response;
        try {
            response = config.gateway()
                    .completion(ChatRequest.builder()
                            .model(config.reflectionModel())
                            .addUserMessage(prompt)
                            .seed(Rng.mix(config.seed() ^ (iteration * GOLDEN)))
                            .metadata(TAG_PREFIX + "role", "reflection")
                            .build());
        } catch (RuntimeException e) {
            budget.release(slot, BigDecimal.ZERO);
            config.emit("reflection call failed: " + e.getMessage());
            stalled++;
            return null;
        }
        budget.release(slot, response.cost().total());
        var proposal = ReflectionPrompt.parse(response.content());
        if (proposal.isEmpty()) {
            stalled++;
            config.emit("the reflection model's reply held no fenced prompt; skipped");
            return null;
        }
        if (proposal.get().edit().equals("none")) {
            parent.tried.add("none");
        }
        return proposal.get();
    }

    // ---------------------------------------------------------------- Pareto front and sampling

    private List<State> pool() {
        return candidates.stream()
                .filter(c ->
                        (c.status.equals("start") || c.status.equals("accepted")) && c.train.size() == trainRows.size())
                .toList();
    }

    /** Candidates best on at least one training row, not dominated by another, with how many rows they lead. */
    private List<State> paretoFront() {
        List<State> pool = pool();
        Map<State, Integer> wins = new LinkedHashMap<>();
        for (int i = 0; i < trainRows.size(); i++) {
            final int row = i;
            double top = pool.stream()
                    .mapToDouble(c -> c.train.get(row).score())
                    .max()
                    .orElse(0);
            for (State c : pool) {
                if (c.train.get(row).score() >= top) {
                    wins.merge(c, 1, Integer::sum);
                }
            }
        }
        List<State> front = new ArrayList<>();
        for (State c : wins.keySet()) {
            boolean dominated = false;
            for (State d : pool) {
                if (d != c && dominates(d, c)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(c);
            }
        }
        front.sort(Comparator.comparingInt(c -> c.id));
        frontWins = wins;
        return front.isEmpty() ? pool : front;
    }

    private Map<State, Integer> frontWins = Map.of();

    private boolean dominates(State d, State c) {
        boolean strictly = false;
        for (int i = 0; i < trainRows.size(); i++) {
            double a = d.train.get(i).score();
            double b = c.train.get(i).score();
            if (a < b) {
                return false;
            }
            strictly |= a > b;
        }
        // equal everywhere: the older one stands for both
        return strictly || d.id < c.id;
    }

    private State sample(List<State> front, SplittableRandom rng) {
        int total = front.stream().mapToInt(c -> frontWins.getOrDefault(c, 1)).sum();
        int draw = rng.nextInt(Math.max(1, total));
        for (State c : front) {
            draw -= frontWins.getOrDefault(c, 1);
            if (draw < 0) {
                return c;
            }
        }
        return front.get(front.size() - 1);
    }

    /** Up to 3 of the parent's failing rows, the rest drawn from the others. */
    private List<Integer> minibatch(State parent, int b, SplittableRandom rng) {
        List<Integer> failing = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < trainRows.size(); i++) {
            (parent.train.get(i).score() < 1.0 ? failing : others).add(i);
        }
        shuffle(failing, rng);
        shuffle(others, rng);
        List<Integer> batch = new ArrayList<>(failing.subList(0, Math.min(3, failing.size())));
        for (int i = 0; batch.size() < b && i < others.size(); i++) {
            batch.add(others.get(i));
        }
        for (int i = 3; batch.size() < b && i < failing.size(); i++) {
            batch.add(failing.get(i));
        }
        batch.sort(Integer::compare);
        return batch;
    }

    /** Training rows to show as examples: drawn at random, rows the parent fails first. */
    private List<Integer> fewShotRows(State parent, SplittableRandom rng) {
        List<Integer> failing = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < trainRows.size(); i++) {
            if (expected(trainRows.get(i)) == null) {
                continue;
            }
            (parent.train.get(i).score() < 1.0 ? failing : others).add(i);
        }
        shuffle(failing, rng);
        shuffle(others, rng);
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; picks.size() < FEW_SHOT && i < failing.size() && i < 2; i++) {
            picks.add(failing.get(i));
        }
        for (int i = 0; picks.size() < FEW_SHOT && i < others.size(); i++) {
            picks.add(others.get(i));
        }
        for (int i = 2; picks.size() < FEW_SHOT && i < failing.size(); i++) {
            picks.add(failing.get(i));
        }
        picks.sort(Integer::compare);
        return picks;
    }

    /** {@code text} with an {@code Examples:} block of {@code rows} (replacing one added before) at its top. */
    String withExamples(String text, List<Integer> rows) {
        return examplesBlock(rows.stream().map(trainRows::get).toList()) + stripExamples(text);
    }

    /** An {@code Examples:} block of {@code rows} with their expected outputs, ending with a {@code ---} line. */
    static String examplesBlock(List<EvalRow> rows) {
        StringBuilder block = new StringBuilder("Examples:\n\n");
        for (EvalRow row : rows) {
            Object question = row.inputs().get("question");
            boolean qa = question instanceof String;
            String input = qa
                    ? (String) question
                    : row.inputs().size() == 1
                                    && row.inputs().values().iterator().next() instanceof String s
                            ? s
                            : Json.tree(row.inputs()).toString();
            Object expected = expected(row);
            String output =
                    expected instanceof String s ? s : Json.tree(expected).toString();
            block.append(qa ? "Question: " : "Input: ")
                    .append(input)
                    .append('\n')
                    .append(qa ? "Answer: " : "Output: ")
                    .append(output)
                    .append("\n\n");
        }
        return block.append("---\n\n").toString();
    }

    private static String stripExamples(String text) {
        if (text.startsWith("Examples:\n")) {
            int end = text.indexOf(EXAMPLES_END);
            if (end >= 0) {
                return text.substring(end + EXAMPLES_END.length());
            }
        }
        return text;
    }

    /** What a row should produce: expected_response, expected_json, expected_facts or the expectations. */
    static Object expected(EvalRow row) {
        Map<String, Object> e = row.expectations();
        for (String key : List.of(EvalRow.EXPECTED_RESPONSE, "expected_json", EvalRow.EXPECTED_FACTS)) {
            if (e.get(key) != null) {
                return e.get(key);
            }
        }
        return e.isEmpty() ? null : e;
    }

    // ---------------------------------------------------------------- final selection

    private void finish() {
        State start = candidates.get(0);
        List<State> finalists =
                new ArrayList<>(pool().stream().filter(c -> c.id != 0).toList());
        finalists.sort(Comparator.comparingDouble((State c) -> -mean(c.train)).thenComparingInt(c -> c.id));
        State winner = start;
        double winnerScore = mean(start.val);
        int compared = 0;
        for (State c : finalists) {
            if (compared == MAX_FINALISTS || mean(c.train) <= mean(start.train)) {
                break;
            }
            if (c.val.size() < valRows.size()) {
                if (!budget.canAfford(valRows.size())) {
                    break;
                }
                Map<Integer, RowEval> val = evaluate(c, all(valRows.size()), true);
                if (val == null) {
                    break;
                }
                c.val.putAll(val);
                save();
            }
            compared++;
            config.emit(String.format(
                    Locale.ROOT,
                    "finalist c%d: validation %.3f (start %.3f)  [%s]",
                    c.id,
                    mean(c.val),
                    mean(start.val),
                    calls()));
            if (mean(c.val) > winnerScore) {
                winner = c;
                winnerScore = mean(c.val);
            }
        }
        best = winner.id;
        finished = true;
        save();
    }

    private OptimizationResult result() {
        State start = candidates.get(0);
        State winner = candidates.get(best);
        PromptVersion startVersion = config.prompt();
        PromptVersion bestVersion = startVersion;
        if (winner.id != 0) {
            bestVersion = registered(winner);
        }
        OptimizationResult result = new OptimizationResult(
                startVersion,
                bestVersion,
                mean(start.val),
                mean(winner.val),
                history(),
                budget.used(),
                config.algorithm(),
                trainRows.size(),
                valRows.size());
        config.emit(result.summary());
        return result;
    }

    private PromptVersion registered(State winner) {
        PromptVersion start = config.prompt();
        PromptTemplate template = PromptText.with(start.template(), winner.text);
        if (registeredVersion != null) {
            try {
                PromptVersion v = config.registry().get(start.name(), registeredVersion);
                if (v.template().equals(template)) {
                    return v;
                }
            } catch (RuntimeException e) {
                // not in this registry: register it here
            }
        }
        State first = candidates.get(0);
        BudgetUsed used = budget.used();
        Map<String, String> tags = new LinkedHashMap<>(start.tags());
        tags.put(TAG_PREFIX + "source", start.uri().toString());
        tags.put(TAG_PREFIX + "algorithm", config.algorithm().name().toLowerCase(Locale.ROOT));
        tags.put(TAG_PREFIX + "target_model", config.targetModel());
        tags.put(TAG_PREFIX + "reflection_model", config.reflectionModel());
        tags.put(TAG_PREFIX + "score_before", number(mean(first.val)));
        tags.put(TAG_PREFIX + "score_after", number(mean(winner.val)));
        tags.put(TAG_PREFIX + "validation_rows", Integer.toString(valRows.size()));
        tags.put(TAG_PREFIX + "train_rows", Integer.toString(trainRows.size()));
        tags.put(TAG_PREFIX + "calls", Integer.toString(used.calls()));
        tags.put(TAG_PREFIX + "target_calls", Integer.toString(used.targetCalls()));
        tags.put(TAG_PREFIX + "reflection_calls", Integer.toString(used.reflectionCalls()));
        tags.put(TAG_PREFIX + "cost_usd", used.costUsd().stripTrailingZeros().toPlainString());
        tags.put(TAG_PREFIX + "elapsed_ms", Long.toString(used.elapsed().toMillis()));
        tags.put(TAG_PREFIX + "seed", Long.toString(config.seed()));
        tags.put(TAG_PREFIX + "history", historyJson(false).toString());
        PromptDraft.Builder draft = PromptDraft.builder(start.name(), template)
                .commitMessage(String.format(
                        Locale.ROOT,
                        "Optimized from version %d for %s by %s: %.1f%% -> %.1f%% on %d validation rows",
                        start.version(),
                        config.targetModel(),
                        config.algorithm().name().toLowerCase(Locale.ROOT),
                        mean(first.val) * 100,
                        mean(winner.val) * 100,
                        valRows.size()))
                .tags(tags)
                .modelConfig(start.modelConfig());
        start.responseFormat().ifPresent(draft::responseFormat);
        PromptVersion v = config.registry().register(draft.build());
        registeredVersion = v.version();
        save();
        config.emit("registered " + v.uri());
        return v;
    }

    private List<Candidate> history() {
        List<Candidate> out = new ArrayList<>();
        for (State c : candidates) {
            boolean full = c.train.size() == trainRows.size() && !trainRows.isEmpty();
            List<Double> perRow =
                    full ? c.train.values().stream().map(RowEval::score).toList() : List.of();
            out.add(new Candidate(
                    c.id,
                    c.parent == null ? OptionalInt.empty() : OptionalInt.of(c.parent),
                    c.move,
                    c.text,
                    c.status,
                    c.mini == null ? OptionalDouble.empty() : OptionalDouble.of(c.mini),
                    c.parentMini == null ? OptionalDouble.empty() : OptionalDouble.of(c.parentMini),
                    full ? OptionalDouble.of(mean(c.train)) : OptionalDouble.empty(),
                    c.val.size() == valRows.size() && !valRows.isEmpty()
                            ? OptionalDouble.of(mean(c.val))
                            : OptionalDouble.empty(),
                    perRow));
        }
        return out;
    }

    // ---------------------------------------------------------------- evaluation

    /** Scores {@code c} on the given rows (a traced evaluation); null when the budget refused a call. */
    private Map<Integer, RowEval> evaluate(State c, List<Integer> positions, boolean validation) {
        if (positions.isEmpty()) {
            return Map.of();
        }
        List<EvalRow> source = validation ? valRows : trainRows;
        List<EvalRow> rows = positions.stream()
                .map(source::get)
                .map(r -> EvalRow.of(r.inputs(), r.expectations()))
                .toList();
        PromptTemplate template = PromptText.with(config.prompt().template(), c.text);
        EvaluationResult result = Evaluation.builder()
                .name("optimize-" + config.prompt().name() + "-c" + c.id + (validation ? "-validation" : "-train"))
                .data(Dataset.of(rows))
                .predictFn(inputs -> predict(template, inputs))
                .scorers(config.scorers())
                .gateway(config.gateway())
                .model(config.targetModel())
                .promptVersion(config.prompt().uri().toString())
                .seed(config.seed())
                .maxConcurrency(config.maxConcurrency())
                .tag(TAG_PREFIX + "candidate", Integer.toString(c.id))
                .tag(TAG_PREFIX + "split", validation ? "validation" : "train")
                .build()
                .run();
        budget.addCost(result.run().judgeUsage().costUsd());
        Map<Integer, RowEval> out = new TreeMap<>();
        for (RowResult r : result.rows()) {
            if (r.error().isPresent() && r.error().get().contains(BudgetRefused.MESSAGE)) {
                return null;
            }
            out.put(positions.get(r.index()), rowEval(r));
        }
        return out;
    }

    private Object predict(PromptTemplate template, Map<String, Object> inputs) {
        ChatRequest request = request(template, inputs);
        Budget.Slot slot = budget.acquire(false);
        if (slot == null) {
            throw new BudgetRefused();
        }
        try {
            ChatResponse response = config.gateway().completion(request);
            budget.release(slot, response.cost().total());
            return response.content();
        } catch (RuntimeException e) {
            budget.release(slot, BigDecimal.ZERO);
            throw e;
        }
    }

    private ChatRequest request(PromptTemplate template, Map<String, Object> inputs) {
        RenderedPrompt rendered = template.format(inputs);
        ChatRequest.Builder request = ChatRequest.builder();
        if (rendered.type() == PromptType.TEXT) {
            request.addUserMessage(rendered.text());
        } else {
            for (PromptMessage m : rendered.messages()) {
                request.addMessage(Message.of(Role.fromWire(m.role()), m.content()));
            }
        }
        Map<String, Object> modelConfig = config.prompt().modelConfig();
        if (modelConfig.get("temperature") instanceof Number n) {
            request.temperature(n.doubleValue());
        }
        if (modelConfig.get("max_tokens") instanceof Number n) {
            request.maxTokens(n.intValue());
        }
        if (modelConfig.get("top_p") instanceof Number n) {
            request.topP(n.doubleValue());
        }
        config.prompt().responseFormat().ifPresent(request::responseFormat);
        return request.model(config.targetModel()).seed(config.seed()).build();
    }

    /** The row's mean over its feedbacks (verdicts 1/0, numbers as they are); 0 when the prediction failed. */
    static RowEval rowEval(RowResult r) {
        String output = r.outputs()
                .map(o -> o instanceof String s ? s : Json.tree(o).toString())
                .orElse(r.error().map(e -> "(error: " + e + ")").orElse(""));
        if (output.length() > 1500) {
            output = output.substring(0, 1500) + "…";
        }
        double sum = 0;
        int n = 0;
        List<String> notes = new ArrayList<>();
        for (Feedback f : r.feedbacks()) {
            if (!f.isOk()) {
                notes.add(f.name() + ": " + (f.isError() ? "error" : "skipped") + " — " + f.rationale());
                if (f.isError()) {
                    n++;
                }
                continue;
            }
            var verdict = f.asBoolean();
            double v =
                    verdict.isPresent() ? (verdict.get() ? 1 : 0) : f.asNumber().orElse(0);
            sum += v;
            n++;
            notes.add(f.name() + ": " + (verdict.isPresent() ? (verdict.get() ? "pass" : "fail") : number(v))
                    + (f.rationale().isBlank() ? "" : " — " + f.rationale()));
        }
        double score = r.error().isPresent() || n == 0 ? 0 : sum / n;
        return new RowEval(score, output, String.join("; ", notes));
    }

    /** Thrown by a prediction the budget refused. */
    static final class BudgetRefused extends RuntimeException {
        static final String MESSAGE = "optimization budget spent";

        BudgetRefused() {
            super(MESSAGE, null, false, false);
        }
    }

    // ---------------------------------------------------------------- checkpoint

    private void save() {
        Path file = config.checkpoint();
        if (file == null) {
            return;
        }
        ObjectNode root = Json.object();
        root.put("format", CHECKPOINT_FORMAT);
        root.put("fingerprint", fingerprint);
        root.put("prompt", config.prompt().uri().toString());
        root.put("target_model", config.targetModel());
        root.put("algorithm", config.algorithm().name().toLowerCase(Locale.ROOT));
        root.put("iteration", iteration);
        root.put("stalled", stalled);
        root.put("finished", finished);
        if (best != null) {
            root.put("best", best);
        }
        if (registeredVersion != null) {
            root.put("registered_version", registeredVersion);
        }
        BudgetUsed used = budget.used();
        ObjectNode b = root.putObject("budget_used");
        b.put("calls", used.calls())
                .put("target_calls", used.targetCalls())
                .put("reflection_calls", used.reflectionCalls())
                .put("cost_usd", used.costUsd().toPlainString())
                .put("elapsed_ms", used.elapsed().toMillis());
        root.set("candidates", historyJson(true));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, root.toPrettyString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the optimization checkpoint " + file, e);
        }
    }

    private ArrayNode historyJson(boolean full) {
        ArrayNode array = Json.array();
        for (State c : candidates) {
            ObjectNode o = array.addObject();
            o.put("id", c.id);
            if (c.parent != null) {
                o.put("parent", c.parent);
            }
            o.put("move", c.move).put("status", c.status);
            if (c.mini != null) {
                o.put("minibatch", round(c.mini)).put("parent_minibatch", round(c.parentMini));
            }
            if (c.train.size() == trainRows.size()) {
                o.put("train", round(mean(c.train)));
            }
            if (c.val.size() == valRows.size() && !valRows.isEmpty()) {
                o.put("validation", round(mean(c.val)));
            }
            if (full) {
                o.put("template", c.text);
                ArrayNode tried = o.putArray("tried");
                c.tried.forEach(tried::add);
                o.put("few_shot_tries", c.fewShotTries);
                o.set("train_rows", rowsJson(c.train));
                o.set("validation_rows", rowsJson(c.val));
            }
        }
        return array;
    }

    private static ObjectNode rowsJson(Map<Integer, RowEval> rows) {
        ObjectNode o = Json.object();
        rows.forEach((i, e) -> o.putObject(Integer.toString(i))
                .put("score", e.score())
                .put("output", e.output())
                .put("feedback", e.feedback()));
        return o;
    }

    private void load(Path file) {
        JsonNode root;
        try {
            root = Json.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Cannot read the optimization checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (!fingerprint.equals(root.path("fingerprint").asText())) {
            throw new IllegalArgumentException("The checkpoint " + file + " belongs to another optimization ("
                    + root.path("prompt").asText() + " for "
                    + root.path("target_model").asText() + " with "
                    + root.path("algorithm").asText() + "): the prompt, model, data, scorers, algorithm, reflection "
                    + "model and seed must be the same to resume; delete it or give another file");
        }
        iteration = root.path("iteration").asInt();
        stalled = root.path("stalled").asInt();
        finished = root.path("finished").asBoolean();
        best = root.has("best") ? root.get("best").asInt() : null;
        registeredVersion =
                root.has("registered_version") ? root.get("registered_version").asInt() : null;
        JsonNode b = root.path("budget_used");
        budget = new Budget(
                config.budget(),
                b.path("calls").asInt(),
                b.path("target_calls").asInt(),
                b.path("reflection_calls").asInt(),
                new BigDecimal(b.path("cost_usd").asText("0")),
                b.path("elapsed_ms").asLong());
        for (JsonNode o : root.path("candidates")) {
            State c = new State();
            c.id = o.path("id").asInt();
            c.parent = o.has("parent") ? o.get("parent").asInt() : null;
            c.move = o.path("move").asText();
            c.status = o.path("status").asText();
            c.text = o.path("template").asText();
            c.mini = o.has("minibatch") ? o.get("minibatch").asDouble() : null;
            c.parentMini = o.has("parent_minibatch") ? o.get("parent_minibatch").asDouble() : null;
            o.path("tried").forEach(t -> c.tried.add(t.asText()));
            c.fewShotTries = o.path("few_shot_tries").asInt();
            readRows(o.path("train_rows"), c.train);
            readRows(o.path("validation_rows"), c.val);
            candidates.add(c);
        }
    }

    private static void readRows(JsonNode node, Map<Integer, RowEval> into) {
        node.properties()
                .forEach(e -> into.put(
                        Integer.parseInt(e.getKey()),
                        new RowEval(
                                e.getValue().path("score").asDouble(),
                                e.getValue().path("output").asText(),
                                e.getValue().path("feedback").asText())));
    }

    private String fingerprint() {
        ObjectNode o = Json.object();
        o.put("prompt", config.prompt().uri().toString());
        o.put("template", config.prompt().template().toString());
        o.put("target_model", config.targetModel());
        o.put("reflection_model", config.reflectionModel());
        o.put("algorithm", config.algorithm().name());
        o.put("seed", config.seed());
        o.put("train", Dataset.of(trainRows).fingerprint());
        o.put("validation", Dataset.of(valRows).fingerprint());
        ArrayNode scorers = o.putArray("scorers");
        config.scorers().forEach(s -> scorers.add(s.name()));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(o.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    // ---------------------------------------------------------------- small helpers

    private String calls() {
        BudgetUsed used = budget.used();
        return "calls " + used.calls() + "/" + config.budget().maxCalls();
    }

    private SplittableRandom rng(int step) {
        return new SplittableRandom(Rng.mix(config.seed() * 31 + step * GOLDEN));
    }

    private static List<Integer> all(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static void shuffle(List<Integer> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    static double mean(Map<Integer, RowEval> rows) {
        return rows.values().stream().mapToDouble(RowEval::score).average().orElse(0);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static String number(double v) {
        return BigDecimal.valueOf(round(v)).stripTrailingZeros().toPlainString();
    }

    /** SplitMix64's finalizer. */
    static final class Rng {
        private Rng() {}

        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
