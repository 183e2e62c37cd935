package io.mlflowlite.provider.mock;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.chat.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The simulated model's "mind": from a request and a model spec it decides every choice's output (a tool
 * call, an answer from tool results, an echo, a known question's answer right or wrong, or a generic
 * simulated reply), shapes it for {@code response_format}, applies stop sequences and the token limit, and
 * counts usage. Deterministic in its seeds; stateless and thread-safe.
 */
final class Generator {
    /** OpenAI's chat format costs about 3 tokens per message and 3 to prime the reply. */
    private static final int TOKENS_PER_MESSAGE = 3;

    private static final int TOKENS_PER_NAME = 1;
    private static final int REPLY_PRIMING = 3;
    /** What a low-detail image costs in OpenAI's accounting. */
    private static final int TOKENS_PER_IMAGE = 85;

    private static final long DIFFICULTY = 0xD1FF1C017L;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private final KnowledgeSet knowledge;
    private final SimulatedWorld world;

    Generator(KnowledgeSet knowledge, SimulatedWorld world) {
        this.knowledge = knowledge;
        this.world = world;
    }

    /**
     * What {@code model} answers to {@code request}.
     *
     * @param contentSeed the hash of the conversation and the request seed: how hard each question is
     * @param modelSeed   {@code contentSeed} mixed with the model name: which wrong answer, which phrasing
     * @param task        the simulated world's task the request asks ({@link #task}), or null
     */
    Generation generate(
            String model,
            MockModelSpec spec,
            ChatRequest request,
            long contentSeed,
            long modelSeed,
            SimulatedWorld.Task task) {
        int n = request.n() == null ? 1 : request.n();
        List<Message> messages = request.messages();
        Message last = messages.get(messages.size() - 1);
        Message user = lastUser(messages);
        String question = user == null ? "" : user.text();
        ToolDefinition tool = last.role() == Role.USER ? ToolPlanner.choose(request, question) : null;
        String toolArguments = tool == null ? null : ToolPlanner.arguments(tool, question);
        Optional<KnowledgeSet.Fact> fact = spec.behavior() == MockModelSpec.Behavior.ANSWER
                        && tool == null
                        && last.role() != Role.TOOL
                        && task == null
                ? knowledge.match(question)
                : Optional.empty();

        List<Generation.Output> outputs = new ArrayList<>(n);
        int completionTokens = 0;
        for (int i = 0; i < n; i++) {
            Rng rng = new Rng(Rng.combine(modelSeed, i));
            Generation.Output out;
            if (tool != null) {
                ToolCall call = new ToolCall("call_" + hex(rng), tool.name(), toolArguments);
                out = new Generation.Output(null, List.of(call), "tool_calls");
                completionTokens += Tokens.count(call.name()) + Tokens.count(call.arguments());
            } else if (task != null) {
                // a simulated world task: its answer comes from the row's truth and the model's profile
                String text = world.answer(model, spec, task, request, i, rng);
                if (!task.row().family().equals("extraction")) {
                    text = StructuredAnswer.shape(request.responseFormat(), text, question);
                }
                out = limit(text, request, spec);
                completionTokens += Tokens.count(out.text());
            } else {
                String text =
                        answer(model, spec, messages, last, user, fact, Rng.combine(contentSeed ^ DIFFICULTY, i), rng);
                text = StructuredAnswer.shape(request.responseFormat(), text, question);
                out = limit(text, request, spec);
                completionTokens += Tokens.count(out.text());
            }
            outputs.add(out);
        }
        int promptTokens = promptTokens(request);
        return new Generation(outputs, Usage.of(promptTokens, completionTokens));
    }

    /**
     * The simulated world's task {@code request} asks, when this model answers (not echo) in text: the last message
     * is the user's and no tool would be called. Null otherwise.
     */
    SimulatedWorld.Task task(MockModelSpec spec, ChatRequest request) {
        List<Message> messages = request.messages();
        Message last = messages.get(messages.size() - 1);
        if (spec.behavior() != MockModelSpec.Behavior.ANSWER
                || last.role() != Role.USER
                || ToolPlanner.choose(request, last.text()) != null) {
            return null;
        }
        return world.find(request);
    }

    /** How much longer than its spec's time to first token {@code model} thinks about {@code task}. */
    double latencyFactor(String model, MockModelSpec spec, SimulatedWorld.Task task) {
        return world.latencyFactor(model, spec, task);
    }

    private String answer(
            String model,
            MockModelSpec spec,
            List<Message> messages,
            Message last,
            Message user,
            Optional<KnowledgeSet.Fact> fact,
            long difficultySeed,
            Rng rng) {
        if (last.role() == Role.TOOL) {
            return Phrasing.fromToolResults(toolResults(messages));
        }
        if (spec.behavior() == MockModelSpec.Behavior.ECHO) {
            return user == null ? "" : user.text();
        }
        if (spec.behavior() == MockModelSpec.Behavior.REFLECT) {
            return Reflection.reply(user == null ? "" : user.text(), rng);
        }
        if (fact.isPresent()) {
            // The draw ignores the model, so a question is equally hard for every model: a more accurate
            // model answers a superset of what a less accurate one gets right, as stronger models tend to.
            boolean correct = Rng.unit(difficultySeed) < spec.accuracy();
            return Phrasing.statement(fact.get(), correct ? fact.get().answer() : wrongAnswer(fact.get(), rng));
        }
        return Phrasing.generic(model, user == null ? "" : user.text(), user != null && user.hasImages(), rng);
    }

    /**
     * A plausible mistake: a number near the right one for numeric answers (1944 for 1945, 54 for 56), else
     * another answer of the same category.
     */
    private String wrongAnswer(KnowledgeSet.Fact fact, Rng rng) {
        String answer = fact.answer();
        if (NUMBER.matcher(answer).matches()) {
            BigDecimal right = new BigDecimal(answer);
            BigDecimal unit = BigDecimal.ONE.movePointLeft(right.scale());
            boolean year = right.scale() == 0 && right.intValue() >= 1000 && right.intValue() <= 2100;
            long spread = year ? 10 : Math.max(2, right.abs().divide(unit).longValue() / 4);
            BigDecimal step = unit.multiply(BigDecimal.valueOf(1 + rng.nextInt((int) Math.min(spread, 1_000_000))));
            boolean down = rng.nextInt(2) == 0 && right.compareTo(step) >= 0;
            return (down ? right.subtract(step) : right.add(step)).toPlainString();
        }
        List<String> wrong = knowledge.wrongAnswers(fact);
        return wrong.isEmpty() ? answer : wrong.get(rng.nextInt(wrong.size()));
    }

    /** The text cut at the first stop sequence, then to the token limit ({@code length} when cut). */
    private static Generation.Output limit(String text, ChatRequest request, MockModelSpec spec) {
        for (String stop : request.stop()) {
            int at = stop.isEmpty() ? -1 : text.indexOf(stop);
            if (at >= 0) {
                text = text.substring(0, at);
            }
        }
        int max =
                Math.min(spec.maxOutputTokens(), request.maxTokens() == null ? Integer.MAX_VALUE : request.maxTokens());
        if (Tokens.count(text) > max) {
            return new Generation.Output(Tokens.truncate(text, max), List.of(), "length");
        }
        return new Generation.Output(text, List.of(), "stop");
    }

    /** The trailing tool messages as (tool name, result) pairs; the name is found from the call's id. */
    private static List<String[]> toolResults(List<Message> messages) {
        List<String[]> results = new ArrayList<>();
        int first = messages.size() - 1;
        while (first > 0 && messages.get(first - 1).role() == Role.TOOL) {
            first--;
        }
        for (int i = first; i < messages.size(); i++) {
            Message result = messages.get(i);
            results.add(new String[] {toolName(messages, result.toolCallId()), result.text()});
        }
        return results;
    }

    private static String toolName(List<Message> messages, String callId) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            for (ToolCall call : messages.get(i).toolCalls()) {
                if (call.id() != null && call.id().equals(callId)) {
                    return call.name();
                }
            }
        }
        return "the tool";
    }

    private static Message lastUser(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i);
            }
        }
        return null;
    }

    /** Input tokens the way OpenAI bills them, closely enough: message text plus framing, tools and schemas. */
    static int promptTokens(ChatRequest request) {
        int tokens = REPLY_PRIMING;
        for (Message m : request.messages()) {
            tokens += TOKENS_PER_MESSAGE;
            for (ContentPart part : m.content()) {
                tokens += part instanceof ContentPart.Text t ? Tokens.count(t.text()) : TOKENS_PER_IMAGE;
            }
            if (m.name() != null) {
                tokens += TOKENS_PER_NAME + Tokens.count(m.name());
            }
            for (ToolCall call : m.toolCalls()) {
                tokens += TOKENS_PER_MESSAGE + Tokens.count(call.name()) + Tokens.count(call.arguments());
            }
        }
        for (ToolDefinition tool : request.tools()) {
            tokens += TOKENS_PER_MESSAGE
                    + Tokens.count(tool.name())
                    + Tokens.count(tool.description())
                    + (tool.parameters() == null
                            ? 0
                            : Tokens.count(tool.parameters().toString()));
        }
        if (request.responseFormat() != null && request.responseFormat().schema() != null) {
            tokens += Tokens.count(request.responseFormat().schema().toString());
        }
        return tokens;
    }

    private static String hex(Rng rng) {
        return String.format("%016x%08x", rng.nextLong(), rng.nextLong() >>> 32);
    }
}
