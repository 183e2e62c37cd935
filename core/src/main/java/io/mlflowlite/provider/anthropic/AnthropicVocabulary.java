package io.mlflowlite.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.ReasoningBlock;
import io.mlflowlite.chat.Usage;

/**
 * The Messages API's vocabulary as this adapter maps it to the chat model, for code that speaks Anthropic's format
 * in the other direction (the gateway server's {@code /v1/messages}): stop reasons and finish reasons, error types
 * and HTTP statuses, usage, thinking blocks, and the names of the extension fields the adapter fills. One mapping
 * serves both directions, so a round trip through the gateway keeps its meaning. Stateless and thread-safe.
 */
public final class AnthropicVocabulary {
    /** Extension field: a text block's {@code citations}, verbatim. */
    public static final String CITATIONS = AnthropicExtras.CITATIONS;
    /** Extension field: server-tool blocks ({@code server_tool_use} and their results), verbatim. */
    public static final String SERVER_TOOL_BLOCKS = AnthropicExtras.SERVER_TOOL_BLOCKS;
    /** Extension field: the message's {@code stop_details}, verbatim. */
    public static final String STOP_DETAILS = AnthropicExtras.STOP_DETAILS;
    /** Extension field: the provider's own stop reason where OpenAI's finish reason loses it. */
    public static final String NATIVE_FINISH_REASON = AnthropicExtras.NATIVE_FINISH_REASON;

    private AnthropicVocabulary() {}

    /** The finish reason for a {@code stop_reason} (null for null); see the adapter for the mapping. */
    public static FinishReason finishReason(String stopReason, boolean onlyStructuredOutput) {
        return AnthropicResponse.finishReason(stopReason, onlyStructuredOutput);
    }

    /** The {@code stop_reason} for a finish reason ({@code end_turn} for null), the reverse of {@link #finishReason}. */
    public static String stopReason(FinishReason finishReason) {
        return AnthropicResponse.stopReason(finishReason);
    }

    /** {@code usage} in the Messages API's shape (uncached input, cache reads and writes, output). */
    public static ObjectNode usageJson(Usage usage) {
        return AnthropicResponse.usageJson(usage);
    }

    /** The HTTP status Anthropic answers with for an error type; 500 for unknown types. */
    public static int statusOf(String errorType) {
        return AnthropicResponse.statusOf(errorType);
    }

    /** The error type Anthropic uses for an HTTP status; {@code api_error} for the rest. */
    public static String errorType(int status) {
        return AnthropicResponse.errorType(status);
    }

    /** Whether a content block type is one in which Anthropic ran a tool of its own. */
    public static boolean isServerToolUse(String type) {
        return AnthropicExtras.isServerToolUse(type);
    }

    /** Whether a content block type is a server tool's result ({@code web_search_tool_result} …). */
    public static boolean isServerToolResult(String type) {
        return AnthropicExtras.isServerToolResult(type);
    }

    /** The thinking or redacted-thinking content block for a reasoning block. */
    public static ObjectNode reasoningBlock(ReasoningBlock block) {
        return AnthropicExtras.reasoningBlock(block);
    }
}
