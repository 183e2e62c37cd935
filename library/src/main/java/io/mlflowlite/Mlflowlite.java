package io.mlflowlite;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.chat.Message;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.eval.Evaluation;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.JudgeModels;
import io.mlflowlite.eval.PredictFn;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.experiments.AbTest;
import io.mlflowlite.experiments.AbVariant;
import io.mlflowlite.experiments.ExperimentRuntime;
import io.mlflowlite.experiments.ExperimentStores;
import io.mlflowlite.experiments.Unit;
import io.mlflowlite.gateway.BatchResult;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.ModelInfo;
import io.mlflowlite.gateway.RoutedResponse;
import io.mlflowlite.gateway.SharedGateway;
import io.mlflowlite.migrate.optimize.OptimizationBudget;
import io.mlflowlite.migrate.optimize.OptimizationResult;
import io.mlflowlite.migrate.optimize.OptimizerAlgorithm;
import io.mlflowlite.migrate.optimize.PromptOptimizer;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.suggest.SuggestionEngine;
import io.mlflowlite.suggest.SuggestionReport;
import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.Tracing;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The static entry point: {@code query}, {@code completion},
 * {@code batchCompletion}, {@code stream}, {@code evaluate} and the global defaults {@code setTimeout},
 * {@code setMaxRetries}, {@code setFallbackModels}, {@code setDefaultJudgeModel}. Behind it is one shared
 * {@link Gateway} created from the environment on first use ({@link Gateway#fromEnv()}), or the one given to
 * {@link #setGateway}. Thread-safe.
 *
 * <pre>{@code
 * ChatResponse r = Mlflowlite.query("mock/mini", "What is the capital of France?");
 * System.out.println(r.content() + "  " + r.usage().totalTokens() + " tokens, " + r.cost().formatted());
 * }</pre>
 */
public final class Mlflowlite {
    private Mlflowlite() {}

    /** The shared gateway ({@link SharedGateway#get()}), created from the environment on first use. */
    public static Gateway gateway() {
        return SharedGateway.get();
    }

    /** Replaces the shared gateway (closing the previous one once replaced). */
    public static void setGateway(Gateway gateway) {
        SharedGateway.set(gateway);
    }

    /** Sets the per-attempt timeout of calls that do not set their own. */
    public static void setTimeout(Duration timeout) {
        SharedGateway.setTimeout(timeout);
    }

    /** Sets the retries per model of calls that do not set their own. */
    public static void setMaxRetries(int maxRetries) {
        SharedGateway.setMaxRetries(maxRetries);
    }

    /** Sets the fallback models of calls that do not name their own. */
    public static void setFallbackModels(List<String> models) {
        SharedGateway.setFallbackModels(models);
    }

    /** Asks {@code model} one question. See {@link Gateway#query(String, String)}. */
    public static ChatResponse query(String model, String prompt) {
        return completion(ChatRequest.of(model, prompt));
    }

    /** Runs {@code prompt} on {@code input}. See {@link Gateway#query(String, String, String)}. */
    public static ChatResponse query(String model, String prompt, String input) {
        return completion(ChatRequest.ofPrompt(model, prompt, input));
    }

    /** Sends a chat completion. See {@link Gateway#completion(ChatRequest)}. */
    public static ChatResponse completion(ChatRequest request) {
        return SharedGateway.completion(request);
    }

    /** Sends {@code messages} to {@code model}. */
    public static ChatResponse completion(String model, List<Message> messages) {
        return completion(ChatRequest.builder().model(model).messages(messages).build());
    }

    /** Streams a chat completion. See {@link Gateway#stream(ChatRequest)}. */
    public static ChatStream stream(ChatRequest request) {
        return gateway().stream(withDefaults(request));
    }

    /** One request per conversation, concurrently, results in input order. */
    public static List<BatchResult> batchCompletion(String model, List<List<Message>> conversations) {
        return gateway()
                .batchCompletion(conversations.stream()
                        .map(messages -> withDefaults(ChatRequest.builder()
                                .model(model)
                                .messages(messages)
                                .build()))
                        .toList());
    }

    /** Embeds texts. See {@link Gateway#embedding(EmbeddingRequest)}. */
    public static EmbeddingResponse embedding(String model, List<String> input) {
        return gateway().embedding(EmbeddingRequest.of(model, input));
    }

    /** Turns tracing of calls on or off (like MLflow's {@code set_mlflow_tracking}). */
    /**
     * Creates an A/B test on the shared gateway (or takes up the stored one of that name): a route called
     * {@code name} whose calls are assigned a variant per user, the first variant the control. Run it with
     * {@link AbTest#run}, or call the route's name through the gateway server; read {@link AbTest#report()}.
     * The test lives in the store ({@code MLFLOWLITE_STORE}, else {@code mlflowlite.db}), shared by every replica.
     */
    public static AbTest createAbTest(String name, AbVariant... variants) {
        return createAbTest(name, Unit.USER, List.of(variants));
    }

    /** {@link #createAbTest(String, AbVariant...)} assigning by {@code unit}. */
    public static AbTest createAbTest(String name, Unit unit, List<AbVariant> variants) {
        return AbTest.create(
                SharedGateway.get(),
                ExperimentRuntime.shared(ExperimentStores.urlFromEnv(System.getenv())),
                name,
                unit,
                variants);
    }

    /**
     * Asks a question through smart routing: the {@code smart} strategy measures the prompt and picks the model
     * of its tier. The returned decision says which model, why, the features it measured and the alternatives'
     * expected costs; the response is the model's answer.
     */
    public static RoutedResponse smartQuery(String prompt) {
        return SharedGateway.get().smartCompletion(ChatRequest.of(null, prompt));
    }

    public static void setMlflowTracking(boolean enabled) {
        Tracing.global().setEnabled(enabled);
    }

    /** Records new traces under {@code name} (default {@value Tracing#DEFAULT_EXPERIMENT}). */
    public static void setExperimentName(String name) {
        Tracing.global().setExperimentName(name);
    }

    /** The trace of a call, by {@link ChatResponse#traceId()}. */
    public static Optional<Trace> getTrace(String traceId) {
        return Tracing.global().getTrace(traceId);
    }

    /**
     * Attaches feedback on a call to its trace as an assessment in the trace store (MLflow's {@code log_feedback}):
     * {@code Mlflowlite.logFeedback(response.traceId().orElseThrow(), "thumbs_up", true)}. See
     * {@link Gateway#logFeedback}.
     *
     * @param value {@code Boolean}, a {@code Number} or a {@code String}
     */
    public static Assessment logFeedback(String traceId, String name, Object value) {
        return gateway().logFeedback(traceId, name, value, null);
    }

    /** {@link #logFeedback(String, String, Object)} with a comment (the assessment's rationale). */
    public static Assessment logFeedback(String traceId, String name, Object value, String comment) {
        return gateway().logFeedback(traceId, name, value, comment);
    }

    /** Searches recorded traces (time range, experiment, model, status, tags, user, session, cost, latency). */
    public static TracePage searchTraces(TraceQuery query) {
        return Tracing.global().search(query);
    }

    /** Every model and whether it can be served now. */
    public static List<ModelInfo> models() {
        return gateway().models();
    }

    // ---- Suggestions (io.mlflowlite.suggest) ---------------------------------------------------------------
    private static final AtomicReference<String> SUGGESTION_MODEL = new AtomicReference<>();

    /**
     * Sets the model that {@code useLlm=true} asks for suggestions (any model the shared gateway serves, e.g.
     * {@code gpt-4o-mini} or {@code mock/mini}); null goes back to none, where suggestions come from the
     * heuristics only.
     */
    public static void setSuggestionProvider(String model) {
        SUGGESTION_MODEL.set(model == null || model.isBlank() ? null : model);
    }

    /** Offline heuristic suggestions for {@code response}. See {@link SuggestionEngine}. Never calls a model. */
    public static SuggestionReport getSuggestions(ChatResponse response) {
        return getSuggestions(response, false);
    }

    /**
     * Suggestions for {@code response}: from the suggestion model when {@code useLlm} and one is set
     * ({@link #setSuggestionProvider}), else from the heuristics; the report's source and note say which and
     * why. Blocks on up to two model calls in LLM mode; never throws because the suggestion model failed.
     */
    public static SuggestionReport getSuggestions(ChatResponse response, boolean useLlm) {
        String model = SUGGESTION_MODEL.get();
        if (useLlm && model != null) {
            return SuggestionEngine.withModel(gateway(), model).suggest(response);
        }
        SuggestionReport report = SuggestionEngine.heuristics(gateway()).suggest(response);
        return !useLlm
                ? report
                : new SuggestionReport(
                        report.suggestions(),
                        report.source(),
                        Optional.of(
                                "LLM suggestions were asked for but no suggestion model is set (Mlflowlite.setSuggestionProvider)"
                                        + "; showing the heuristic findings"));
    }

    /** Prints {@link #getSuggestions(ChatResponse, boolean)} to standard output, readably. */
    public static void printSuggestions(ChatResponse response, boolean useLlm) {
        System.out.print(getSuggestions(response, useLlm));
        System.out.flush();
    }
    // ---- end of suggestions ------------------------------------------------------------------------------

    // ---- Evaluation (io.mlflowlite.eval) -----------------------------------------------------------------
    private static final AtomicReference<EvalRunStore> EVAL_RUNS = new AtomicReference<>();

    /**
     * Runs {@code predictFn} on every row of {@code data} and scores the outputs (MLflow's {@code evaluate}), on the
     * shared gateway, saving the run to {@link #evalRunStore()}. Blocks until every row is done; see
     * {@link Evaluation} for concurrency, rate limits, cost caps and names.
     */
    public static EvaluationResult evaluate(Dataset data, PredictFn predictFn, Scorer... scorers) {
        return evaluate(data, predictFn, List.of(scorers));
    }

    /** Like {@link #evaluate(Dataset, PredictFn, Scorer...)}; a null {@code predictFn} scores the rows' recorded outputs. */
    public static EvaluationResult evaluate(Dataset data, PredictFn predictFn, List<? extends Scorer> scorers) {
        return Evaluation.builder()
                .data(data)
                .predictFn(predictFn)
                .scorers(scorers)
                .gateway(gateway())
                .store(evalRunStore())
                .build()
                .run();
    }

    /** Scores recorded traces (their root span's inputs and outputs; scorers that read the trace get it). */
    public static EvaluationResult evaluateTraces(List<Trace> traces, Scorer... scorers) {
        return evaluate(Dataset.fromTraces(traces), null, List.of(scorers));
    }

    /**
     * Sets the judge model of evaluations and judges that name none (any model the gateway serves); null goes back
     * to picking one from the keys present: {@value JudgeModels#OPENAI}, {@value JudgeModels#ANTHROPIC}, else the
     * offline {@value JudgeModels#LOCAL} of the embed module. See {@link JudgeModels}.
     */
    public static void setDefaultJudgeModel(String model) {
        JudgeModels.setDefault(model);
    }

    /**
     * Where {@link #evaluate} saves runs: the one given to {@link #setEvalRunStore}, else opened on first use from
     * {@code MLFLOWLITE_STORE} / the store module's SQLite default / memory ({@link EvalRunStores#fromEnv}).
     */
    public static EvalRunStore evalRunStore() {
        EvalRunStore store = EVAL_RUNS.get();
        if (store == null) {
            EvalRunStore opened = EvalRunStores.fromEnv(System.getenv());
            if (EVAL_RUNS.compareAndSet(null, opened)) {
                return opened;
            }
            opened.close();
            store = EVAL_RUNS.get();
        }
        return store;
    }

    /** Replaces the store {@link #evaluate} saves runs to (closing the previous one). */
    public static void setEvalRunStore(EvalRunStore store) {
        EvalRunStore previous = EVAL_RUNS.getAndSet(store);
        if (previous != null && previous != store) {
            previous.close();
        }
    }
    // ---- end of evaluation -------------------------------------------------------------------------------

    // ---- Prompt optimization (io.mlflowlite.migrate.optimize) --------------------------------------------

    /**
     * Searches for a better wording of the prompt at {@code promptUri} ({@code prompts:/name/3}, {@code @alias}) on
     * {@code targetModel} with GEPA, the offline {@value PromptOptimizer#DEFAULT_REFLECTION_MODEL} reflection model
     * and at most 300 model calls, scoring on {@code trainData} (a seeded third held out for validation) through the
     * shared gateway; registers the winner in {@code registry} as the prompt's next version. Blocks. For every
     * option (algorithm, budget, checkpoint, progress) use {@link #promptOptimizer()}; see docs/optimization.md.
     */
    public static OptimizationResult optimizePrompt(
            PromptRegistry registry,
            String promptUri,
            String targetModel,
            Dataset trainData,
            List<? extends Scorer> scorers) {
        return optimizePrompt(
                registry,
                promptUri,
                targetModel,
                trainData,
                scorers,
                OptimizationBudget.DEFAULT,
                OptimizerAlgorithm.GEPA);
    }

    /** Like {@link #optimizePrompt(PromptRegistry, String, String, Dataset, List)} with a budget and an algorithm. */
    public static OptimizationResult optimizePrompt(
            PromptRegistry registry,
            String promptUri,
            String targetModel,
            Dataset trainData,
            List<? extends Scorer> scorers,
            OptimizationBudget budget,
            OptimizerAlgorithm algorithm) {
        return promptOptimizer()
                .registry(registry)
                .prompt(registry.load(promptUri))
                .targetModel(targetModel)
                .trainData(trainData)
                .scorers(scorers)
                .budget(budget)
                .algorithm(algorithm)
                .build()
                .run();
    }

    /** A {@link PromptOptimizer} builder on the shared gateway; set the registry, prompt, model, data and scorers. */
    public static PromptOptimizer.Builder promptOptimizer() {
        return PromptOptimizer.builder().gateway(gateway());
    }
    // ---- end of prompt optimization ------------------------------------------------------------------------

    private static ChatRequest withDefaults(ChatRequest request) {
        return SharedGateway.withDefaults(request);
    }
}
