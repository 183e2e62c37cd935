package io.mlflowlite.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a text adds to another: its content words ({@link Texts#contentWords}) that the other lacks, a word
 * matching another when their stems are equal or they share a prefix of five letters ("improving" and "improve").
 * A response that adds nothing to its request but words about asking ("you want to know …", "good question")
 * echoes it: it restates the question instead of answering it.
 */
final class Novelty {
    /** Words that talk about the question rather than answer it: they never count as new content. */
    private static final Set<String> ABOUT_ASKING = Set.of(
            "ask",
            "asking",
            "asked",
            "question",
            "want",
            "wanted",
            "wanting",
            "know",
            "knowing",
            "like",
            "wonder",
            "wondering",
            "understand",
            "think",
            "thinking",
            "good",
            "great",
            "interesting",
            "indeed",
            "tell",
            "would",
            "you'd",
            "you're",
            "that's",
            "it's",
            "i'd",
            "i'll",
            "let",
            "see",
            "look",
            "curious",
            "regarding",
            "inquiry",
            "query");

    private static final int PREFIX = 5;

    private Novelty() {}

    /** The content words of {@code text} that {@code base} has no match for (words about asking excepted). */
    static List<String> newWords(String base, String text) {
        Set<String> known = Texts.contentWords(base);
        List<String> out = new ArrayList<>();
        for (String word : Texts.contentWords(text)) {
            if (!ABOUT_ASKING.contains(word) && known.stream().noneMatch(k -> same(k, word))) {
                out.add(word);
            }
        }
        return out;
    }

    /** An answer to a yes/no question may repeat it after "Yes," or "No,": that is no echo. */
    private static final Pattern ANSWER_WORD =
            Pattern.compile("(?i)^\\W*(yes|no|yeah|yep|nope|correct|right|exactly|absolutely|not)\\b");

    /**
     * Whether {@code response} restates {@code request} without answering it: it adds no content word (words
     * about asking aside). One starting with yes or no answers. ("The capital of France is Paris." adds one word
     * and is 0.9 similar to its question: similarity cannot tell an echo from a short answer.)
     */
    static boolean echoes(String request, String response) {
        // "Great question!" restates nothing: an echo has words of the request, not only words about asking
        if (Texts.contentWords(response).stream().allMatch(ABOUT_ASKING::contains)
                || ANSWER_WORD.matcher(response).find()) {
            return false;
        }
        return newWords(request, response).isEmpty();
    }

    static boolean same(String a, String b) {
        if (a.equals(b) || a.replaceFirst("e$", "").equals(b.replaceFirst("e$", ""))) {
            return true;
        }
        int common = 0;
        int max = Math.min(a.length(), b.length());
        while (common < max && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        return common >= PREFIX;
    }
}
