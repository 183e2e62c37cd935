package io.mlflowlite.suggest;

import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.cost.ModelPrice;
import io.mlflowlite.cost.TokenEstimator;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Triggers when the prompt is at least {@value #MIN_PROMPT_TOKENS} tokens and at least {@value #RATIO} times
 * the completion: a long prompt buying a short answer. When the request is known, the evidence splits the
 * prompt (locally estimated tokens) into instructions (system/developer), earlier turns, and the last user
 * message, and counts lines of {@value #MIN_LINE_CHARS}+ characters that occur more than once (boilerplate
 * pasted twice); the change targets the largest part, and the saving of dropping the repeated lines is priced
 * exactly from the price table's input rate.
 */
final class LongPrompt implements Heuristic {
    static final int MIN_PROMPT_TOKENS = 2_000;
    static final int RATIO = 20;
    static final int MIN_LINE_CHARS = 20;

    @Override
    public Optional<Suggestion> check(SuggestionContext context) {
        Usage usage = context.response().usage();
        if (usage.promptTokens() < MIN_PROMPT_TOKENS
                || usage.promptTokens() < (long) RATIO * Math.max(1, usage.completionTokens())) {
            return Optional.empty();
        }
        String evidence = Numbers.tokens(usage.promptTokens()) + " prompt tokens for "
                + Numbers.tokens(usage.completionTokens()) + " completion tokens ("
                + usage.promptTokens() / Math.max(1, usage.completionTokens()) + ":1)";
        String change = "send only what this answer needs: shorten the instructions, trim or summarize earlier "
                + "turns, retrieve fewer or shorter documents";
        Optional<BigDecimal> saving = Optional.empty();
        List<Message> messages = context.messages();
        if (!messages.isEmpty()) {
            String model = context.entry()
                    .map(e -> e.model())
                    .orElse(context.response().model());
            TokenEstimator tokens = TokenEstimator.shared();
            int lastUser = lastUserIndex(messages);
            long instructions = 0;
            long history = 0;
            long last = 0;
            for (int i = 0; i < messages.size(); i++) {
                int n = tokens.countText(messages.get(i).text(), model);
                if (SuggestionContext.isInstruction(messages.get(i))) {
                    instructions += n;
                } else if (i == lastUser) {
                    last += n;
                } else {
                    history += n;
                }
            }
            long repeated = tokens.countText(repeatedLines(context.promptText()), model);
            evidence += "; about " + Numbers.tokens(instructions) + " tokens of instructions, "
                    + Numbers.tokens(history) + " of earlier turns, " + Numbers.tokens(last)
                    + " in the last user message";
            if (repeated > 0) {
                evidence += "; lines repeated word for word add about " + Numbers.tokens(repeated) + " tokens";
                Optional<ModelPrice> price = context.priceKey().flatMap(context.prices()::find);
                if (price.isPresent()) {
                    saving = Optional.of(Numbers.amount(
                                    repeated,
                                    price.get().ratesFor(usage.promptTokens()).input())
                            .multiply(BigDecimal.valueOf(1000)));
                }
            }
            if (instructions >= history && instructions >= last) {
                change = "shorten the system prompt to the rules this task needs (move rarely used ones elsewhere)"
                        + (repeated > 0 ? " and remove the repeated lines" : "");
            } else if (history >= last) {
                change = "trim or summarize earlier turns: keep the last few and a short summary of the rest";
            } else {
                change = "put less into the user message: retrieve fewer or shorter documents, quote only the "
                        + "relevant parts";
            }
        }
        Suggestion found = Suggestion.of(
                Suggestion.PROMPT_TOO_LONG,
                Severity.INFO,
                "The prompt is much longer than the answer needs",
                evidence,
                change);
        return Optional.of(saving.map(found::withSaving).orElse(found));
    }

    private static int lastUserIndex(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return i;
            }
        }
        return -1;
    }

    /** The second and later copies of every line (trimmed, {@value #MIN_LINE_CHARS}+ chars), one per line. */
    static String repeatedLines(String text) {
        Map<String, Integer> seen = new HashMap<>();
        StringBuilder extra = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.length() >= MIN_LINE_CHARS && seen.merge(line, 1, Integer::sum) > 1) {
                extra.append(line).append('\n');
            }
        }
        return extra.toString();
    }
}
