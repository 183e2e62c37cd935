package io.mlflowlite.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.eval.RelevanceToQuery;
import io.mlflowlite.eval.Safety;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.eval.ScorerInput;
import io.mlflowlite.eval.ScoringContext;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.suggest.SuggestionEngine;
import io.mlflowlite.suggest.SuggestionReport;
import io.mlflowlite.tracing.ActiveSpan;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracer;
import io.mlflowlite.tracing.Tracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One run of an {@link Agent}: the conversation, the loop and its trace. Not thread-safe: one per run. */
final class AgentRun {
    /** How long to wait for a trace that already left the in-memory cache to reach the store. */
    private static final Duration TRACE_FLUSH = Duration.ofSeconds(5);

    private final Agent agent;
    private final String query;
    private final boolean evaluate;
    private final Gateway gateway;
    private final List<Message> messages = new ArrayList<>();
    private final List<AgentStep> steps = new ArrayList<>();
    private Usage usage = Usage.EMPTY;
    private Cost cost = Cost.UNPRICED;
    private ChatRequest lastRequest;
    private ChatResponse lastResponse;

    AgentRun(Agent agent, String query, boolean evaluate) {
        this.agent = agent;
        this.query = query;
        this.evaluate = evaluate;
        this.gateway = agent.gateway();
    }

    AgentResult execute() {
        long started = System.nanoTime();
        PromptVersion version = agent.promptRegistry().current();
        ChatRequest.Builder template = version.render(Map.of(AgentPrompts.QUERY, query));
        if (template.build().model() == null) {
            template.model(agent.model()); // a version's model config, when it has one, wins
        }
        template.tools(agent.tools().stream().map(Tool::definition).toList())
                .metadata("mlflowlite.agent", agent.name());
        agent.requestOptions().accept(template);
        ChatRequest base = template.build();
        messages.addAll(base.messages());

        Tracing tracing = gateway.tracing();
        Optional<ActiveSpan> caller = Tracer.current();
        ActiveSpan span = tracing.enabled() ? Tracer.start(tracing, agent.name(), SpanType.AGENT) : null;
        StopReason stop;
        String answer;
        MlflowliteException failure = null;
        try {
            if (span != null) {
                span.setInputs(Map.of(AgentPrompts.QUERY, query));
                span.setAttribute("mlflowlite.agent.name", agent.name())
                        .setAttribute("gen_ai.agent.name", agent.name())
                        .setAttribute("gen_ai.operation.name", "invoke_agent")
                        .setAttribute("gen_ai.request.model", base.model())
                        .setAttribute("mlflowlite.agent.prompt", version.uri().toString())
                        .setAttribute("mlflowlite.agent.prompt_version", (long) version.version())
                        .setAttribute("mlflowlite.agent.max_steps", (long) agent.maxSteps());
            }
            Loop loop = loop(base);
            stop = loop.stop;
            answer = loop.answer;
            failure = loop.failure;
            if (span != null) {
                finish(span, stop, answer, failure);
            }
        } catch (RuntimeException | Error e) {
            if (span != null) {
                span.recordError(e);
            }
            throw e;
        } finally {
            if (span != null) {
                span.end();
            }
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - started);

        Trace trace = null;
        String noTrace;
        if (span == null) {
            noTrace = "tracing is off (Tracing.enabled() is false for the gateway's tracing)";
        } else if (caller.isPresent()) {
            noTrace = "it ran inside the caller's span '" + caller.get().name() + "', so its spans are part of trace "
                    + span.traceId() + ", recorded when that trace's root span ends (Tracing.getTrace)";
        } else {
            trace = finishedTrace(tracing, span.traceId());
            noTrace = "trace " + span.traceId() + " was neither in the recent traces nor in the store";
        }
        SuggestionReport suggestions = evaluate && lastResponse != null
                ? SuggestionEngine.heuristics(gateway).suggest(lastResponse, lastRequest)
                : null;
        List<Feedback> assessments = evaluate && stop == StopReason.ANSWERED ? judge(answer, trace) : List.of();
        return new AgentResult(
                agent.name(),
                answer,
                steps,
                stop,
                usage,
                cost,
                latency,
                version,
                failure,
                suggestions,
                assessments,
                span == null ? null : span.traceId(),
                trace,
                noTrace);
    }

    private record Loop(StopReason stop, String answer, MlflowliteException failure) {}

    /** The judges' feedback on {@code answer}, after the run's span ended so their calls stay out of its trace. */
    private List<Feedback> judge(String answer, Trace trace) {
        ScorerInput input = new ScorerInput(
                Map.of(AgentPrompts.QUERY, query),
                answer,
                Map.of(),
                trace,
                ScoringContext.direct(gateway, agent.judgeModel()));
        List<Feedback> feedback = new ArrayList<>();
        for (Scorer judge : List.<Scorer>of(new RelevanceToQuery(), new Safety())) {
            feedback.addAll(judge.score(input));
        }
        return feedback;
    }

    private Loop loop(ChatRequest base) {
        for (int step = 1; ; step++) {
            ChatRequest request = base.toBuilder().messages(messages).build();
            ChatResponse response;
            try {
                response = agent.complete(request);
            } catch (MlflowliteException e) {
                return new Loop(StopReason.ERROR, lastResponse == null ? "" : lastResponse.content(), e);
            }
            response = withCallIds(response, step);
            lastRequest = request;
            lastResponse = response;
            usage = usage.plus(response.usage());
            cost = cost.plus(response.cost());
            steps.add(new AgentStep.ModelCall(step, response));
            List<ToolCall> calls = response.toolCalls();
            if (calls.isEmpty()) {
                return new Loop(StopReason.ANSWERED, response.content(), null);
            }
            if (step >= agent.maxSteps()) {
                return new Loop(StopReason.STEP_LIMIT, response.content(), null);
            }
            Message said = response.choices().get(0).message();
            messages.add(new Message(Role.ASSISTANT, said.content(), calls, null, said.name()));
            for (ToolCall call : calls) {
                ToolCalls.Outcome outcome = ToolCalls.run(agent.tools(), call, step, gateway.tracing());
                messages.add(Message.tool(call.id(), outcome.sent()));
                steps.add(outcome.invocation());
            }
        }
    }

    /**
     * The response with an id on every tool call: some OpenAI-compatible servers send none or repeat one, while
     * each tool message must name the call it answers.
     */
    private static ChatResponse withCallIds(ChatResponse response, int step) {
        List<ToolCall> calls = response.toolCalls();
        Set<String> seen = new HashSet<>();
        boolean changed = false;
        List<ToolCall> fixed = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            if (call.id() == null || call.id().isBlank() || !seen.add(call.id())) {
                call = new ToolCall("call_" + step + "_" + i, call.name(), call.arguments());
                seen.add(call.id());
                changed = true;
            }
            fixed.add(call);
        }
        if (!changed) {
            return response;
        }
        Choice first = response.choices().get(0);
        Message m = first.message();
        List<Choice> choices = new ArrayList<>(response.choices());
        choices.set(
                0,
                new Choice(
                        first.index(),
                        new Message(m.role(), m.content(), fixed, m.toolCallId(), m.name()),
                        first.finishReason()));
        return response.toBuilder().choices(choices).build();
    }

    private void finish(ActiveSpan span, StopReason stop, String answer, MlflowliteException failure) {
        long toolCalls = steps.stream()
                .filter(AgentStep.ToolInvocation.class::isInstance)
                .count();
        long toolErrors = steps.stream()
                .filter(s -> s instanceof AgentStep.ToolInvocation t && t.failed())
                .count();
        span.setOutputs(answer);
        span.setAttribute("mlflowlite.agent.steps", steps.size() - toolCalls)
                .setAttribute("mlflowlite.agent.tool_calls", toolCalls)
                .setAttribute("mlflowlite.agent.tool_errors", toolErrors)
                .setAttribute("mlflowlite.agent.stop_reason", stop.name());
        if (stop == StopReason.ERROR) {
            span.recordError(failure);
        } else if (stop == StopReason.STEP_LIMIT) {
            span.setStatus(
                    SpanStatus.ERROR,
                    "Step limit reached: " + agent.maxSteps() + " model calls without a final answer");
        }
    }

    /** The trace the run's root span just recorded: in the recent traces at once, else (evicted) in the store. */
    private static Trace finishedTrace(Tracing tracing, String traceId) {
        Optional<Trace> trace = tracing.getTrace(traceId);
        if (trace.isEmpty()) {
            tracing.flush(TRACE_FLUSH);
            trace = tracing.getTrace(traceId);
        }
        return trace.orElse(null);
    }

    /** A tool result as a JSON tree for the TOOL span: parsed when it is JSON, else the text. */
    static JsonNode spanValue(String text) {
        try {
            JsonNode tree = Json.MAPPER.readTree(text);
            return tree == null || tree.isMissingNode() ? TextNode.valueOf(text) : tree;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
