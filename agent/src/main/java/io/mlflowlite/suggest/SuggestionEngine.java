package io.mlflowlite.suggest;

import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.Tracing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a {@link ChatResponse} (and the request behind it, from its trace or given) and says what to improve.
 *
 * <p><b>Heuristic mode</b> (the default) is offline and deterministic. Each check is documented on its own
 * class and names its thresholds; together they report: {@link Suggestion#OUTPUT_TRUNCATED},
 * {@link Suggestion#CHEAPER_MODEL} (with the exact saving per 1,000 calls from the price table),
 * {@link Suggestion#SLOW_FOR_TASK}, {@link Suggestion#PROMPT_TOO_LONG}, {@link Suggestion#NO_SYSTEM_PROMPT},
 * {@link Suggestion#REPEATED_OUTPUT}, {@link Suggestion#JSON_NOT_ENFORCED},
 * {@link Suggestion#RETRIES_AND_FALLBACKS}, {@link Suggestion#REASONING_DOMINATES} and
 * {@link Suggestion#PROMPT_CACHING}. Checks that need the request (system prompt, JSON, caching) stay silent
 * when it is unknown: tracing was off, or the call's trace is not recorded yet.
 *
 * <p><b>LLM mode</b> ({@link #withModel}) sends a compact JSON summary of the call to a model through a
 * {@link Gateway} and parses its strict JSON answer, with one repair attempt; when the model fails or
 * answers badly twice, the report holds the heuristic findings, {@link SuggestionReport.Source#HEURISTIC}
 * and a note saying why.
 *
 * <p>Immutable and thread-safe. Heuristic mode does no network I/O (reading the trace may read the trace
 * store when the trace is no longer in memory); LLM mode blocks on up to two model calls.
 */
public final class SuggestionEngine {
    private static final System.Logger LOG = System.getLogger(SuggestionEngine.class.getName());

    private final ModelCatalog catalog;
    private final PriceTable prices;
    private final Tracing tracing;
    private final List<Heuristic> heuristics;
    private final LlmSuggester llm;

    private SuggestionEngine(ModelCatalog catalog, PriceTable prices, Tracing tracing, LlmSuggester llm) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.tracing = tracing;
        this.llm = llm;
        this.heuristics = List.of(
                new OutputTruncated(),
                new RetriesAndFallbacks(),
                new JsonNotEnforced(),
                new RepeatedOutput(),
                new CheaperModel(),
                new SlowForTask(),
                new ReasoningDominates(),
                new PromptCaching(),
                new LongPrompt(),
                new NoSystemPrompt());
    }

    /** Heuristic mode with the bundled catalog and price table, reading requests from {@link Tracing#global()}. */
    public static SuggestionEngine heuristics() {
        return new SuggestionEngine(ModelCatalog.bundled(), PriceTable.bundled(), Tracing.global(), null);
    }

    /** Heuristic mode with {@code gateway}'s catalog, price table and tracing. */
    public static SuggestionEngine heuristics(Gateway gateway) {
        return new SuggestionEngine(gateway.catalog(), gateway.prices(), gateway.tracing(), null);
    }

    /**
     * LLM mode: asks {@code model} through {@code gateway} (its retries and fallbacks apply), using the
     * gateway's catalog, price table and tracing for the heuristics it falls back to.
     */
    public static SuggestionEngine withModel(Gateway gateway, String model) {
        Objects.requireNonNull(model, "model");
        return new SuggestionEngine(
                gateway.catalog(), gateway.prices(), gateway.tracing(), new LlmSuggester(gateway, model));
    }

    /** Heuristic mode with explicit parts; {@code tracing} may be null (requests must then be given). */
    public static SuggestionEngine of(ModelCatalog catalog, PriceTable prices, Tracing tracing) {
        return new SuggestionEngine(catalog, prices, tracing, null);
    }

    /** The suggestion model of LLM mode; empty in heuristic mode. */
    public Optional<String> model() {
        return Optional.ofNullable(llm).map(LlmSuggester::model);
    }

    /** Suggestions for {@code response}, reading its request from its trace when there is one. */
    public SuggestionReport suggest(ChatResponse response) {
        return suggest(response, RequestLookup.find(response, tracing).orElse(null));
    }

    /** Suggestions for {@code response} to {@code request} (null when unknown). */
    public SuggestionReport suggest(ChatResponse response, ChatRequest request) {
        Objects.requireNonNull(response, "response");
        SuggestionContext context = new SuggestionContext(response, Optional.ofNullable(request), catalog, prices);
        List<Suggestion> found = bySeverity(run(context));
        if (llm == null) {
            return new SuggestionReport(found, SuggestionReport.Source.HEURISTIC, Optional.empty());
        }
        return llm.suggest(context, RequestLookup.trace(response, tracing), found);
    }

    private List<Suggestion> run(SuggestionContext context) {
        List<Suggestion> found = new ArrayList<>();
        for (Heuristic heuristic : heuristics) {
            try {
                heuristic.check(context).ifPresent(found::add);
            } catch (RuntimeException e) {
                // One faulty check must not hide the others' findings, nor fail the caller over advice.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Suggestion check " + heuristic.getClass().getSimpleName() + " failed",
                        e);
            }
        }
        return found;
    }

    /** Most severe first; checks keep their order within a severity. */
    static List<Suggestion> bySeverity(List<Suggestion> suggestions) {
        return suggestions.stream()
                .sorted(Comparator.comparing(Suggestion::severity).reversed())
                .toList();
    }
}
