package io.mlflowlite.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.tracing.ActiveSpan;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Tracer;
import io.mlflowlite.tracing.Tracing;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs one tool call the model asked for, in a TOOL span, turning every failure into a message for the model. */
final class ToolCalls {
    /** What a failed call's tool message starts with (the convention Anthropic's own tool results use). */
    static final String ERROR_PREFIX = "Error: ";

    private ToolCalls() {}

    /**
     * What running a call gave.
     *
     * @param sent       the tool message's text: the result, or {@value #ERROR_PREFIX} and why not
     * @param invocation the step recording it
     */
    record Outcome(String sent, AgentStep.ToolInvocation invocation) {}

    /** Runs {@code call} (of model call {@code step}) with the agent's {@code tools}; never throws for a tool's failure. */
    static Outcome run(List<Tool> tools, ToolCall call, int step, Tracing tracing) {
        long started = System.nanoTime();
        ActiveSpan span = tracing.enabled()
                ? Tracer.start(tracing, call.name() == null ? "tool" : call.name(), SpanType.TOOL)
                : null;
        try {
            if (span != null) {
                span.setAttribute("gen_ai.operation.name", "execute_tool")
                        .setAttribute("gen_ai.tool.name", call.name())
                        .setAttribute("gen_ai.tool.call.id", call.id());
                span.setInputs(inputs(call.arguments()));
            }
            String sent;
            ToolError error = null;
            try {
                Tool tool = find(tools, call.name());
                sent = tool.invoke(tool.parseArguments(call.arguments()));
                if (span != null) {
                    span.setOutputs(AgentRun.spanValue(sent));
                }
            } catch (ToolException e) {
                error = new ToolError(step, call.id(), call.name(), e.kind(), e.getMessage());
                sent = ERROR_PREFIX + e.getMessage();
                if (span != null) {
                    span.setOutputs(sent);
                    span.recordError(e.getCause() != null ? e.getCause() : e);
                    span.setAttribute("mlflowlite.tool.error_kind", e.kind().name());
                    span.setStatus(SpanStatus.ERROR, e.getMessage());
                }
            }
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            return new Outcome(
                    sent,
                    new AgentStep.ToolInvocation(
                            step,
                            call.id(),
                            call.name(),
                            call.arguments(),
                            sent,
                            Optional.ofNullable(error),
                            duration));
        } catch (RuntimeException | Error e) {
            if (span != null) {
                span.recordError(e); // a JVM error inside the tool (or a bug here): it ends the run, traced
            }
            throw e;
        } finally {
            if (span != null) {
                span.end();
            }
        }
    }

    private static Tool find(List<Tool> tools, String name) {
        for (Tool tool : tools) {
            if (tool.name().equals(name)) {
                return tool;
            }
        }
        throw new ToolException(
                ToolError.Kind.UNKNOWN_TOOL,
                "There is no tool named '" + name + "'; the tools are "
                        + String.join(", ", tools.stream().map(Tool::name).toList()));
    }

    /** The arguments for the span: the JSON the model wrote, or its text when it is not JSON. */
    private static JsonNode inputs(String arguments) {
        JsonNode tree = AgentRun.spanValue(arguments == null || arguments.isBlank() ? "{}" : arguments);
        return tree.isTextual() ? TextNode.valueOf(arguments) : tree;
    }
}
