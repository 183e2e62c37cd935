package io.mlflowlite.agent;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing an agent run did, in order: a {@link ModelCall}, or a {@link ToolInvocation} the model asked for.
 * Immutable.
 */
public sealed interface AgentStep permits AgentStep.ModelCall, AgentStep.ToolInvocation {

    /** The model call (1-based) this step is or follows. */
    int step();

    /**
     * A call to the model through the gateway, and its response.
     *
     * @param step     1 for the first model call of the run, then 2, 3 …
     * @param response what the model answered, with usage, cost, latency and attempts
     */
    record ModelCall(int step, ChatResponse response) implements AgentStep {
        public ModelCall {
            Objects.requireNonNull(response, "response");
        }

        /** The response's text; often empty when it only calls tools. */
        public String text() {
            return response.content();
        }

        /** The tool calls the model asked for (ids as sent back); empty for a final answer. */
        public List<ToolCall> toolCalls() {
            return response.toolCalls();
        }

        /** The call's tokens. */
        public Usage usage() {
            return response.usage();
        }

        /** What the call cost. */
        public Cost cost() {
            return response.cost();
        }

        /** The call's latency, retries and fallbacks included. */
        public Duration latency() {
            return response.latency();
        }
    }

    /**
     * A tool call the model asked for, and what the model was sent back.
     *
     * @param step       the model call that asked for it
     * @param toolCallId the call's id
     * @param toolName   the tool asked for
     * @param arguments  the arguments exactly as the model wrote them
     * @param result     what the model was sent: the tool's result, or {@code "Error: …"}
     * @param error      why the call failed, if it did
     * @param duration   how long the tool (with argument checks) ran
     */
    record ToolInvocation(
            int step,
            String toolCallId,
            String toolName,
            String arguments,
            String result,
            Optional<ToolError> error,
            Duration duration)
            implements AgentStep {
        public ToolInvocation {
            error = error == null ? Optional.empty() : error;
        }

        /** Whether the call failed. */
        public boolean failed() {
            return error.isPresent();
        }
    }
}
