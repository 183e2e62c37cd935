package io.mlflowlite.embed;

import io.mlflowlite.eval.JudgePrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Conciseness by length and padding. The word budget is {@link Thresholds#EXPECTED_LENGTH_FACTOR} times the
 * expected response's words (at least {@link Thresholds#EXPECTED_LENGTH_SLACK} more than it) when there is
 * one; else {@link Thresholds#REQUEST_LENGTH_FACTOR} words per request word, between
 * {@link Thresholds#MIN_WORD_CAP} and {@link Thresholds#MAX_WORD_CAP}. Over budget, or two or more filler
 * phrases ("I hope this helps", "As an AI language model" …), is not concise.
 */
final class ConcisenessJudge {
    private static final List<String> FILLERS = List.of(
            "as an ai language model",
            "as an ai",
            "i hope this helps",
            "great question",
            "good question",
            "i'd be happy to help",
            "i would be happy to help",
            "feel free to ask",
            "let me know if you have any other questions",
            "let me know if you need anything else",
            "in conclusion",
            "it is important to note that",
            "it's important to note that",
            "it is worth noting that",
            "needless to say");

    private ConcisenessJudge() {}

    static Verdict judge(JudgePrompt prompt, Similarity similarity) {
        String response = Verdict.required(prompt.response(), prompt, "response");
        int words = Texts.wordCount(response);
        int budget;
        String basis;
        if (prompt.expectedResponse().isPresent()) {
            int expected = Texts.wordCount(prompt.expectedResponse().get());
            budget =
                    Math.max(expected * Thresholds.EXPECTED_LENGTH_FACTOR, expected + Thresholds.EXPECTED_LENGTH_SLACK);
            basis = "the expected response has " + words(expected);
        } else if (prompt.request().isPresent()) {
            int request = Texts.wordCount(prompt.request().get());
            budget = Math.clamp(
                    (long) request * Thresholds.REQUEST_LENGTH_FACTOR,
                    Thresholds.MIN_WORD_CAP,
                    Thresholds.MAX_WORD_CAP);
            basis = "the request has " + words(request);
        } else {
            budget = Thresholds.MAX_WORD_CAP;
            basis = "no request or expected response to size it by";
        }
        List<String> fillers = fillers(response);
        String numbers = words(words) + ", budget " + budget + " (" + basis + ")";
        if (words > budget) {
            return Verdict.no("the response is too long: " + numbers + ".");
        }
        if (fillers.size() >= 2) {
            return Verdict.no("the response pads with filler (" + String.join(", ", fillers) + "); " + numbers + ".");
        }
        return Verdict.yes("the response is within its length budget: " + numbers
                + (fillers.isEmpty() ? "" : "; one filler phrase (" + fillers.get(0) + ")") + ".");
    }

    private static String words(int n) {
        return n + (n == 1 ? " word" : " words");
    }

    private static List<String> fillers(String response) {
        String lower = response.toLowerCase(Locale.ROOT).replace('’', '\'');
        List<String> found = new ArrayList<>();
        for (String filler : FILLERS) {
            // longer phrases come first, so "as an ai language model" is not counted again as "as an ai"
            if (lower.contains(filler) && found.stream().noneMatch(f -> f.contains(filler))) {
                found.add(filler);
            }
        }
        return found.stream().map(f -> "'" + f + "'").toList();
    }
}
