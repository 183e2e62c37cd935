package io.mlflowlite.embed;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Tells English, French, Spanish and German apart by their most frequent function words. */
final class Language {
    private static final Map<String, Set<String>> FUNCTION_WORDS = new LinkedHashMap<>();

    static {
        FUNCTION_WORDS.put(
                "english",
                Set.of(
                        "the", "and", "is", "are", "of", "to", "in", "that", "it", "for", "you", "with", "on", "this",
                        "be", "not", "have", "was", "your", "can", "a", "an"));
        FUNCTION_WORDS.put(
                "french",
                Set.of(
                        "le", "la", "les", "et", "est", "des", "une", "un", "du", "que", "pour", "dans", "vous", "pas",
                        "sur", "avec", "ce", "qui", "il", "au", "sont"));
        FUNCTION_WORDS.put(
                "spanish",
                Set.of(
                        "el", "los", "las", "y", "es", "de", "que", "en", "una", "por", "con", "para", "se", "su", "al",
                        "lo", "del", "usted", "como", "esta", "son"));
        FUNCTION_WORDS.put(
                "german",
                Set.of(
                        "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "mit", "den", "von", "sie",
                        "auf", "für", "fur", "sich", "dem", "ich", "wir", "sind"));
    }

    private Language() {}

    /** The languages this can recognize, lower case. */
    static Set<String> known() {
        return FUNCTION_WORDS.keySet();
    }

    /** The language with the most function words in {@code text}; empty when none has any. */
    static Optional<String> detect(String text) {
        String[] words = Texts.normalize(text).split(" ");
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Set<String>> language : FUNCTION_WORDS.entrySet()) {
            int count = 0;
            for (String word : words) {
                if (language.getValue().contains(word)) {
                    count++;
                }
            }
            // a tie with English goes to the other language when the text has accented letters
            if (count > bestCount
                    || (count == bestCount && count > 0 && "english".equals(best) && asciiLetterShare(text) < 0.97)) {
                best = language.getKey();
                bestCount = count;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Share of letters in {@code text} that are unaccented Latin letters (1 when there are no letters). */
    static double asciiLetterShare(String text) {
        long letters = text.codePoints().filter(Character::isLetter).count();
        long ascii = text.toLowerCase(Locale.ROOT)
                .codePoints()
                .filter(c -> c >= 'a' && c <= 'z')
                .count();
        return letters == 0 ? 1 : (double) ascii / letters;
    }
}
