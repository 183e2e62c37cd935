package io.mlflowlite.agent;

import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.suggest.SuggestionReport;
import io.mlflowlite.tracing.Trace;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Agent#run} did: the answer, every step in order, why it stopped, the tool calls that failed,
 * tokens, cost and latency summed over the run's model calls, the prompt version it used, and its trace. Runs of
 * different prompt versions compare field by field. Immutable and thread-safe.
 *
 * <p>A run whose model call failed is still a result ({@link StopReason#ERROR}, the failure in {@link #error()}),
 * so the steps, cost and trace of the work done before are not lost; {@link #throwIfFailed()} turns it into the
 * exception.
 */
public final class AgentResult {
    private final String agentName;
    private final String answer;
    private final List<AgentStep> steps;
    private final StopReason stopReason;
    private final List<ToolError> toolErrors;
    private final Usage usage;
    private final Cost cost;
    private final Duration latency;
    private final PromptVersion promptVersion;
    private final MlflowliteException error;
    private final SuggestionReport suggestions;
    private final List<Feedback> assessments;
    private final String traceId;
    private final Trace trace;
    private final String noTraceReason;

    AgentResult(
            String agentName,
            String answer,
            List<AgentStep> steps,
            StopReason stopReason,
            Usage usage,
            Cost cost,
            Duration latency,
            PromptVersion promptVersion,
            MlflowliteException error,
            SuggestionReport suggestions,
            List<Feedback> assessments,
            String traceId,
            Trace trace,
            String noTraceReason) {
        this.agentName = agentName;
        this.answer = answer == null ? "" : answer;
        this.steps = List.copyOf(steps);
        this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
        this.toolErrors = this.steps.stream()
                .filter(AgentStep.ToolInvocation.class::isInstance)
                .map(s -> ((AgentStep.ToolInvocation) s).error())
                .flatMap(Optional::stream)
                .toList();
        this.usage = usage;
        this.cost = cost;
        this.latency = latency;
        this.promptVersion = promptVersion;
        this.error = error;
        this.suggestions = suggestions;
        this.assessments = List.copyOf(assessments);
        this.traceId = traceId;
        this.trace = trace;
        this.noTraceReason = noTraceReason;
    }

    /** The agent that ran. */
    public String agentName() {
        return agentName;
    }

    /**
     * The model's final text. With {@link StopReason#STEP_LIMIT} or {@link StopReason#ERROR} it is the text of the
     * last model response, often empty.
     */
    public String answer() {
        return answer;
    }

    /** Every model call and tool call, in the order they happened. */
    public List<AgentStep> steps() {
        return steps;
    }

    /** The model calls of {@link #steps()}. */
    public List<AgentStep.ModelCall> modelCalls() {
        return steps.stream()
                .filter(AgentStep.ModelCall.class::isInstance)
                .map(AgentStep.ModelCall.class::cast)
                .toList();
    }

    /** The tool calls of {@link #steps()}. */
    public List<AgentStep.ToolInvocation> toolInvocations() {
        return steps.stream()
                .filter(AgentStep.ToolInvocation.class::isInstance)
                .map(AgentStep.ToolInvocation.class::cast)
                .toList();
    }

    /** Why the run ended. */
    public StopReason stopReason() {
        return stopReason;
    }

    /** The tool calls that failed (and were reported to the model), in order; empty when none did. */
    public List<ToolError> toolErrors() {
        return toolErrors;
    }

    /** Tokens over every model call of the run. */
    public Usage usage() {
        return usage;
    }

    /** Input plus output tokens over every model call of the run. */
    public long totalTokens() {
        return usage.totalTokens();
    }

    /** What the run's model calls cost, in US dollars, exactly. */
    public BigDecimal cost() {
        return cost.total();
    }

    /** The cost split by what was billed; its provenance names the first priced model's price entry. */
    public Cost costDetail() {
        return cost;
    }

    /** Wall time of the whole run: model calls, tool calls and the agent's own work. */
    public Duration latency() {
        return latency;
    }

    /** The prompt version the run used ({@code prompts:/agent.<name>/<version>}). */
    public PromptVersion promptVersion() {
        return promptVersion;
    }

    /** Why the run stopped with {@link StopReason#ERROR}: the failure of the model call, after retries and fallbacks. */
    public Optional<MlflowliteException> error() {
        return Optional.ofNullable(error);
    }

    /**
     * This result, unless a model call failed.
     *
     * @throws MlflowliteException {@link #error()} when the run stopped with {@link StopReason#ERROR}
     */
    public AgentResult throwIfFailed() {
        if (error != null) {
            throw error;
        }
        return this;
    }

    /** The heuristic suggestions for the run's last model call, when run with {@code evaluate=true}. */
    public Optional<SuggestionReport> suggestions() {
        return Optional.ofNullable(suggestions);
    }

    /**
     * The judges' assessments of the answer (relevance to the query, safety), each with its value and rationale,
     * when run with {@code evaluate=true} and the run answered; empty otherwise. A judge that could not answer
     * gives an error feedback, not an exception.
     */
    public List<Feedback> assessments() {
        return assessments;
    }

    /** The id of the run's trace, when tracing was on (also when the trace belongs to the caller's span). */
    public Optional<String> traceId() {
        return Optional.ofNullable(traceId);
    }

    /** Whether {@link #trace()} is available. */
    public boolean hasTrace() {
        return trace != null;
    }

    /**
     * The run's finished trace: the AGENT root span, the CHAT_MODEL span of each model call and the TOOL span of
     * each tool call under it. Read once the run ended, from memory, so it is there without waiting for the store.
     *
     * @throws IllegalStateException saying why when there is none: tracing is off, or the run was part of a trace
     *                               the caller's own span opened (recorded when that span ends)
     */
    public Trace trace() {
        if (trace == null) {
            throw new IllegalStateException("This agent run has no trace of its own: " + noTraceReason);
        }
        return trace;
    }

    /** The run in a few lines: agent, stop reason, prompt version, steps, tokens, cost, latency and the answer. */
    @Override
    public String toString() {
        return "AgentResult{agent=" + agentName + ", stopReason=" + stopReason + ", prompt=" + promptVersion.uri()
                + ", steps=" + steps.size() + ", toolErrors=" + toolErrors.size() + ", tokens=" + totalTokens()
                + ", cost=" + cost.formatted() + ", latency=" + latency.toMillis() + "ms, answer="
                + (answer.length() <= 80 ? answer : answer.substring(0, 77) + "...") + "}";
    }
}
