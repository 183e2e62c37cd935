package io.mlflowlite.provider.mock;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import java.util.List;

/**
 * What a simulated model produced for one request, before it is paced out as a response or a stream.
 *
 * @param outputs one per choice
 * @param usage   prompt and completion tokens, counted with cl100k_base
 */
record Generation(List<Output> outputs, Usage usage) {

    Generation {
        outputs = List.copyOf(outputs);
    }

    /**
     * One choice.
     *
     * @param text         the assistant text; null when it only calls tools
     * @param toolCalls    the tool calls; empty when it answers in text
     * @param finishReason {@link FinishReason#STOP}, {@link FinishReason#LENGTH} or {@link FinishReason#TOOL_CALLS}
     */
    record Output(String text, List<ToolCall> toolCalls, FinishReason finishReason) {
        Output {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** The outputs as a non-streamed response body. */
    ChatResponse.Builder toResponse() {
        ChatResponse.Builder builder = ChatResponse.builder().usage(usage);
        for (int i = 0; i < outputs.size(); i++) {
            Output out = outputs.get(i);
            builder.addChoice(new Choice(i, Message.assistant(out.text(), out.toolCalls()), out.finishReason()));
        }
        return builder;
    }
}
