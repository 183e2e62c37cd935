package io.mlflowlite.suggest;

import io.mlflowlite.chat.FinishReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Triggers when the answer repeats itself: of its word trigrams (lower-cased words of letters and digits),
 * at least {@value #MIN_RATIO_PERCENT}% are repeats ({@code 1 − distinct / total}), counted only on answers
 * of at least {@value #MIN_TRIGRAMS} trigrams so a short answer's natural reuse does not count.
 */
final class RepeatedOutput implements Heuristic {
    static final int MIN_TRIGRAMS = 20;
    static final int MIN_RATIO_PERCENT = 30;

    @Override
    public Optional<Suggestion> check(SuggestionContext context) {
        List<String> trigrams = trigrams(context.response().content());
        if (trigrams.size() < MIN_TRIGRAMS) {
            return Optional.empty();
        }
        Map<String, Integer> counts = new HashMap<>();
        trigrams.forEach(t -> counts.merge(t, 1, Integer::sum));
        double ratio = 1.0 - (double) counts.size() / trigrams.size();
        if (ratio * 100 < MIN_RATIO_PERCENT) {
            return Optional.empty();
        }
        Map.Entry<String, Integer> top = counts.entrySet().stream()
                // most frequent; among equals, the alphabetically first, so the evidence is deterministic
                .max(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow();
        String evidence = Numbers.percent(ratio) + " of the " + trigrams.size() + " three-word sequences in the answer "
                + "are repeats; \"" + top.getKey() + "\" occurs " + top.getValue() + " times";
        String change = "set frequency_penalty (0.3 to 0.8) or presence_penalty, lower the temperature, and ask for "
                + "each point once"
                + (context.response().finishReason() == FinishReason.LENGTH
                        ? "; the answer also hit the token limit, so it may be looping until max_tokens"
                        : "");
        return Optional.of(Suggestion.of(
                Suggestion.REPEATED_OUTPUT, Severity.WARNING, "The answer repeats itself", evidence, change));
    }

    static List<String> trigrams(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        List<String> grams = new ArrayList<>();
        for (int i = 0; i + 2 < words.size(); i++) {
            grams.add(words.get(i) + " " + words.get(i + 1) + " " + words.get(i + 2));
        }
        return grams;
    }
}
