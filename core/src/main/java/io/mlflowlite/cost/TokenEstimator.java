package io.mlflowlite.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.chat.Usage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts tokens locally, for the calls whose provider reports no usage (so they still get a cost, marked
 * estimated). Never fails: a model no tokenizer knows is counted with {@code cl100k_base}.
 *
 * <p><b>Encoding</b>: {@code o200k_base} for OpenAI's gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and o-series models
 * (o1, o3, o4-mini …); {@code cl100k_base} for every other model, OpenAI's older ones included. For non-OpenAI
 * models this is an approximation: their tokenizers are not public, and counts usually land within some tens of
 * percent.
 *
 * <p><b>Messages</b> follow OpenAI's published accounting (the cookbook's {@code num_tokens_from_messages},
 * checked there against the API): {@value #TOKENS_PER_MESSAGE} tokens per message, plus its role, its text
 * parts, and its name ({@value #TOKENS_PER_NAME} extra token when present); plus {@value #REPLY_PRIMING_TOKENS}
 * tokens priming the reply. An image part counts {@value #IMAGE_TOKENS} tokens, OpenAI's fixed price of a
 * low-detail image: a high-detail image costs more (170 per 512-pixel tile) but its size is unknown without
 * decoding it. A tool call counts its function name and arguments text; tool call ids are not counted.
 * <b>Tools</b> follow the cookbook's {@code num_tokens_for_tools}: per-function, per-property and enum overheads
 * plus the tokens of {@code name:description} and {@code property:type:description} lines; nested schemas
 * beyond the top-level properties are not counted.
 *
 * <p>Thread-safe and stateless. Each encoding's vocabulary is loaded once per JVM on first use (up to about a
 * second for {@code o200k_base}, read from the jtokkit jar, no network; that first call blocks while it loads);
 * counting is then CPU-only and does not block.
 */
public final class TokenEstimator {

    /** Tokens an image part counts (OpenAI's low-detail image cost). */
    public static final int IMAGE_TOKENS = 85;
    /** Tokens every message adds for its framing ({@code <|start|>role<|message|>…<|end|>}). */
    public static final int TOKENS_PER_MESSAGE = 3;
    /** Extra token a message's participant name adds. */
    public static final int TOKENS_PER_NAME = 1;
    /** Tokens priming the reply ({@code <|start|>assistant<|message|>}). */
    public static final int REPLY_PRIMING_TOKENS = 3;

    private static final Pattern O200K_MODELS =
            Pattern.compile("^(gpt-4o|chatgpt-4o|gpt-4\\.1|gpt-4\\.5|gpt-5|gpt-oss|o\\d)");
    private static final TokenEstimator SHARED = new TokenEstimator();

    private TokenEstimator() {}

    /** The estimator; it holds no state of its own, so one instance serves every thread. */
    public static TokenEstimator shared() {
        return SHARED;
    }

    /**
     * The encoding used for {@code model} ({@code provider/model} or a bare model id; null allowed):
     * {@code o200k_base} or {@code cl100k_base}.
     */
    public String encodingName(String model) {
        return usesO200k(model) ? EncodingType.O200K_BASE.getName() : EncodingType.CL100K_BASE.getName();
    }

    /** Tokens of {@code text} (0 for null or empty). Special tokens such as {@code <|endoftext|>} count as text. */
    public int countText(String text, String model) {
        return count(encoding(model), text);
    }

    /** Prompt tokens of {@code messages} with OpenAI's per-message overhead; 0 for no messages. */
    public int countMessages(List<Message> messages, String model) {
        if (messages == null || messages.isEmpty()) {
            return 0;
        }
        Encoding encoding = encoding(model);
        int tokens = 0;
        for (Message message : messages) {
            tokens += TOKENS_PER_MESSAGE + count(encoding, message.role().wireName());
            for (ContentPart part : message.content()) {
                tokens += part instanceof ContentPart.Text text ? count(encoding, text.text()) : IMAGE_TOKENS;
            }
            if (message.name() != null) {
                tokens += TOKENS_PER_NAME + count(encoding, message.name());
            }
            for (ToolCall call : message.toolCalls()) {
                tokens += count(encoding, call.name()) + count(encoding, call.arguments());
            }
        }
        return tokens + REPLY_PRIMING_TOKENS;
    }

    /** Prompt tokens the function definitions {@code tools} add; 0 for none. */
    public int countTools(List<ToolDefinition> tools, String model) {
        if (tools == null || tools.isEmpty()) {
            return 0;
        }
        Encoding encoding = encoding(model);
        // OpenAI's measured overheads: only the per-function one differs between the two encodings' models.
        int perFunction = usesO200k(model) ? 7 : 10;
        int tokens = 0;
        for (ToolDefinition tool : tools) {
            tokens += perFunction + count(encoding, tool.name() + ":" + withoutFinalPeriod(tool.description()));
            JsonNode properties =
                    tool.parameters() == null ? null : tool.parameters().get("properties");
            if (properties == null || !properties.isObject() || properties.isEmpty()) {
                continue;
            }
            tokens += 3;
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                JsonNode schema = property.getValue();
                tokens += 3;
                JsonNode values = schema.get("enum");
                if (values != null && values.isArray()) {
                    tokens -= 3;
                    for (JsonNode value : values) {
                        tokens += 3 + count(encoding, value.asText());
                    }
                }
                tokens += count(
                        encoding,
                        property.getKey() + ":" + text(schema.get("type")) + ":"
                                + withoutFinalPeriod(text(schema.get("description"))));
            }
        }
        return tokens + 12;
    }

    /**
     * Estimated usage of one call: the request's messages and tools as prompt, {@code output} as completion,
     * counted for {@code model} (the upstream model; null uses the request's). Never throws; a null request or
     * output counts as empty. The result has {@code estimated = true} and no cached, cache-write or reasoning
     * tokens, which cannot be known locally.
     */
    public Usage estimate(ChatRequest request, String model, String output) {
        String counted = model != null ? model : request == null ? null : request.model();
        int prompt =
                request == null ? 0 : countMessages(request.messages(), counted) + countTools(request.tools(), counted);
        int completion = countText(output, counted);
        return new Usage(prompt, completion, prompt + completion, 0, 0, 0, true);
    }

    private static boolean usesO200k(String model) {
        if (model == null) {
            return false;
        }
        String id = model.trim().toLowerCase(Locale.ROOT);
        return O200K_MODELS.matcher(id.substring(id.lastIndexOf('/') + 1)).find();
    }

    private static Encoding encoding(String model) {
        return usesO200k(model) ? O200k.ENCODING : Cl100k.ENCODING;
    }

    private static int count(Encoding encoding, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            // "Ordinary": text that looks like a special token is counted as text instead of throwing.
            return io.mlflowlite.internal.tokens.LinearTokenCount.count(encoding, wellFormed(text));
        } catch (RuntimeException e) {
            // An estimate must never fail a call; about four characters per token is the usual rule of thumb.
            return (text.length() + 3) / 4;
        }
    }

    /**
     * The text with unpaired surrogates replaced by U+FFFD, as UTF-8 encoding would: jtokkit rejects them with
     * an {@link AssertionError}, and a truncated emoji in a streamed chunk must not fail a call.
     */
    private static String wellFormed(String text) {
        StringBuilder fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (fixed != null) {
                    fixed.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (fixed == null) {
                    fixed = new StringBuilder(text.length()).append(text, 0, i);
                }
                fixed.append('\uFFFD');
            } else if (fixed != null) {
                fixed.append(c);
            }
        }
        return fixed == null ? text : fixed.toString();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.isTextual() ? node.asText() : node.toString();
    }

    private static String withoutFinalPeriod(String text) {
        if (text == null) {
            return "";
        }
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** Lazy holders: each vocabulary is read from the jar once, on first use, by the JVM's class init lock. */
    private static final class O200k {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    private static final class Cl100k {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }
}
