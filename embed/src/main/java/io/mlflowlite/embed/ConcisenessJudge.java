package io.mlflowlite.embed;

import io.mlflowlite.eval.JudgePrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Conciseness by length, repetition and padding. A response that only restates the request
 * ({@link Novelty#echoes}) is not concise: every word of it is spent without answering. The word budget is
 * {@link Thresholds#EXPECTED_LENGTH_FACTOR} times the expected response's words (at least
 * {@link Thresholds#EXPECTED_LENGTH_SLACK} more than it) when there is one; else, for a factual question (what,
 * who, when, is, can, how many …, whose answer is a fact) {@link Thresholds#FACTUAL_WORD_CAP} words, and for any
 * other request {@link Thresholds#REQUEST_LENGTH_FACTOR} words per request word, between
 * {@link Thresholds#MIN_WORD_CAP} and {@link Thresholds#MAX_WORD_CAP}. Over budget is not concise; neither is a
 * response that says the same thing twice (two sentences {@link Thresholds#REPEATED} similar), nor one padded
 * with two or more filler phrases ("I hope this helps", "As an AI language model" …, a restatement of the
 * question counting as one).
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
            "needless to say",
            "thank you for your question",
            "thanks for your question",
            "thank you for reaching out",
            "thanks for reaching out",
            "don't hesitate",
            "always here to help",
            "happy to help");
    /** The start of a question asking for a fact rather than an explanation, a procedure or a text. */
    private static final Pattern FACTUAL = Pattern.compile(
            "(?i)^\\s*(what(?!\\s+(should|can|could|would)\\s+i\\b)|what's|who|whom|whose|when|where|which|is|are|was|"
                    + "were|do|does|did|(can|could|will|would)(?!\\s+you\\b)|has|have|how (many|much|long|far|old|tall|big|often))\\b");

    private ConcisenessJudge() {}

    static Verdict judge(JudgePrompt prompt, Similarity similarity) {
        String response = Verdict.required(prompt.response(), prompt, "response");
        if (prompt.request().isPresent() && Novelty.echoes(prompt.request().get(), response)) {
            return Verdict.no("the response restates the request without answering it.");
        }
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
            if (FACTUAL.matcher(prompt.request().get()).find()) {
                budget = Thresholds.FACTUAL_WORD_CAP;
                basis = "a factual question";
            } else {
                budget = Math.clamp(
                        (long) request * Thresholds.REQUEST_LENGTH_FACTOR,
                        Thresholds.MIN_WORD_CAP,
                        Thresholds.MAX_WORD_CAP);
                basis = "the request has " + words(request);
            }
        } else {
            budget = Thresholds.MAX_WORD_CAP;
            basis = "no request or expected response to size it by";
        }
        List<String> fillers = new ArrayList<>(fillers(response));
        List<String> sentences = Texts.sentences(response);
        if (prompt.request().isPresent() && sentences.size() > 1) {
            for (String sentence : sentences) {
                if (Novelty.echoes(prompt.request().get(), sentence)) {
                    fillers.add("a restatement of the question");
                    break;
                }
            }
        }
        String numbers = words(words) + ", budget " + budget + " (" + basis + ")";
        if (words > budget) {
            return Verdict.no("the response is too long: " + numbers + ".");
        }
        String repeated = repeated(sentences, similarity);
        if (repeated != null) {
            return Verdict.no("the response repeats itself: " + repeated + "; " + numbers + ".");
        }
        if (fillers.size() >= 2) {
            return Verdict.no("the response pads with filler (" + String.join(", ", fillers) + "); " + numbers + ".");
        }
        return Verdict.yes("the response is within its length budget: " + numbers
                + (fillers.isEmpty() ? "" : "; one filler phrase (" + fillers.get(0) + ")") + ".");
    }

    /** Two sentences with content that say the same thing, quoted; null when there are none. */
    private static String repeated(List<String> sentences, Similarity similarity) {
        List<String> claims = sentences.stream()
                .filter(x -> Texts.contentWords(x).size() >= 2)
                .toList();
        if (claims.size() < 2) {
            return null;
        }
        double[][] scores = similarity.matrix(claims, claims);
        for (int i = 0; i < claims.size(); i++) {
            for (int j = i + 1; j < claims.size(); j++) {
                if (scores[i][j] >= Thresholds.REPEATED) {
                    return Texts.quote(claims.get(i), 60) + " and " + Texts.quote(claims.get(j), 60) + " (similarity "
                            + Support.format(scores[i][j]) + ")";
                }
            }
        }
        return null;
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
