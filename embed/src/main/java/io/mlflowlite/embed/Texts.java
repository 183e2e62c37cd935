package io.mlflowlite.embed;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The literal side of offline judging: sentences, normalized containment, the key terms a paraphrase must
 * keep (numbers and names, which embeddings barely tell apart), negation and content-word overlap.
 */
final class Texts {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\p{N}\"'(\\[])|\\R+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’.,-]*");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Set<String> NEGATIONS =
            Set.of("not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot", "without");
    /** Frequent English words: never key terms, never content words. */
    static final Set<String> STOPWORDS = Set.of(
            "a",
            "an",
            "the",
            "and",
            "or",
            "but",
            "if",
            "then",
            "so",
            "of",
            "to",
            "in",
            "on",
            "at",
            "by",
            "for",
            "with",
            "from",
            "into",
            "about",
            "as",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "am",
            "do",
            "does",
            "did",
            "have",
            "has",
            "had",
            "it",
            "its",
            "this",
            "that",
            "these",
            "those",
            "there",
            "here",
            "i",
            "we",
            "you",
            "he",
            "she",
            "they",
            "me",
            "us",
            "him",
            "her",
            "them",
            "my",
            "our",
            "your",
            "his",
            "their",
            "what",
            "when",
            "where",
            "who",
            "whom",
            "why",
            "how",
            "which",
            "can",
            "could",
            "should",
            "would",
            "will",
            "shall",
            "may",
            "might",
            "must",
            "also",
            "too",
            "very",
            "just",
            "yes",
            "no",
            "not",
            "all",
            "any",
            "some",
            "each",
            "every",
            "more",
            "most",
            "other",
            "such",
            "than",
            "only",
            "own",
            "same",
            "both",
            "few",
            "many",
            "much",
            "one",
            "first",
            "after",
            "before",
            "over",
            "under",
            "again",
            "once",
            "out",
            "up",
            "down",
            "off",
            "sure",
            "certainly",
            "please",
            "thanks",
            "thank",
            "hello",
            "hi",
            "hey",
            "however",
            "therefore",
            "note",
            "well",
            "okay",
            "ok",
            "let",
            "lets",
            "let's",
            "it's",
            "i'm",
            "today",
            "now");
    /** Verbs and adverbs that start instructions and answers: capitalized at a sentence start, still not names. */
    private static final Set<String> COMMON_STARTERS = Set.of(
            "click",
            "go",
            "open",
            "use",
            "select",
            "choose",
            "enter",
            "type",
            "press",
            "add",
            "set",
            "run",
            "make",
            "take",
            "see",
            "check",
            "try",
            "follow",
            "visit",
            "call",
            "contact",
            "start",
            "install",
            "create",
            "remove",
            "delete",
            "save",
            "close",
            "find",
            "read",
            "write",
            "send",
            "get",
            "give",
            "keep",
            "put",
            "turn",
            "tap",
            "log",
            "sign",
            "restart",
            "update",
            "first",
            "next",
            "finally",
            "second",
            "third",
            "generally",
            "usually",
            "typically",
            "absolutely",
            "unfortunately",
            "according",
            "based",
            "because",
            "since",
            "while",
            "although",
            "though",
            "yes",
            "no");

    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
            Map.entry("zero", "0"),
            Map.entry("one", "1"),
            Map.entry("two", "2"),
            Map.entry("three", "3"),
            Map.entry("four", "4"),
            Map.entry("five", "5"),
            Map.entry("six", "6"),
            Map.entry("seven", "7"),
            Map.entry("eight", "8"),
            Map.entry("nine", "9"),
            Map.entry("ten", "10"),
            Map.entry("eleven", "11"),
            Map.entry("twelve", "12"),
            Map.entry("twenty", "20"),
            Map.entry("thirty", "30"),
            Map.entry("fifty", "50"),
            Map.entry("hundred", "100"));

    private Texts() {}

    /** Sentences (and lines) of {@code text}, list markers stripped, blank ones dropped. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String part : SENTENCE_END.split(text.strip())) {
            String s = part.strip().replaceFirst("^([-*•]|\\d+[.)])\\s+", "").strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Lower case, accents and punctuation gone, number words as digits, single spaces. */
    static String normalize(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("(?<=\\d)[,](?=\\d{3})", "")
                .replaceAll("[^\\p{L}\\p{N}.]+", " ")
                .replaceAll("\\.(?!\\d)", " ");
        StringBuilder out = new StringBuilder();
        for (String word : plain.strip().split("\\s+")) {
            if (!word.isEmpty()) {
                out.append(out.isEmpty() ? "" : " ").append(NUMBER_WORDS.getOrDefault(word, word));
            }
        }
        return out.toString();
    }

    /** Whether {@code haystack} contains {@code needle} as whole words, after {@link #normalize}. */
    static boolean contains(String haystack, String needle) {
        String n = normalize(needle);
        return !n.isEmpty() && (" " + normalize(haystack) + " ").contains(" " + n + " ");
    }

    /** Words, as a reader counts them. */
    static int wordCount(String text) {
        int n = 0;
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * Terms a faithful paraphrase keeps verbatim: numbers, acronyms, names (capitalized words other than common
     * sentence starters), as they appear in {@code text}.
     */
    static Set<String> keyTerms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        Matcher numbers = NUMBER.matcher(text);
        while (numbers.find()) {
            terms.add(numbers.group().replaceAll("(?<=\\d),(?=\\d{3})", ""));
        }
        for (String sentence : sentences(text)) {
            Matcher words = WORD.matcher(sentence);
            boolean first = true;
            while (words.find()) {
                String word = words.group().replaceAll("['’]s$|[.,'’-]+$", "");
                String lower = word.toLowerCase(Locale.ROOT);
                boolean capitalized = !word.isEmpty() && Character.isUpperCase(word.codePointAt(0));
                boolean innerCapital = word.length() > 1
                        && !word.substring(1).equals(word.substring(1).toLowerCase(Locale.ROOT));
                if ((capitalized || innerCapital)
                        && !STOPWORDS.contains(lower)
                        && !(first && COMMON_STARTERS.contains(lower))
                        && !NUMBER.matcher(word).matches()) {
                    terms.add(word);
                }
                first = false;
            }
        }
        return terms;
    }

    /** The key terms of {@code claim} that {@code evidence} lacks (compared after {@link #normalize}). */
    static List<String> missingTerms(String claim, String evidence, Set<String> ignored) {
        Set<String> ignoredNormal = new LinkedHashSet<>();
        ignored.forEach(t -> ignoredNormal.add(normalize(t)));
        List<String> missing = new ArrayList<>();
        for (String term : keyTerms(claim)) {
            if (!ignoredNormal.contains(normalize(term))
                    && !contains(evidence, term)
                    && !contains(evidence, singular(term))
                    && !abbreviates(term, evidence)) {
                missing.add(term);
            }
        }
        return missing;
    }

    /** {@code term} without a plural ending ("Prizes" → "Prize"); as is when it has none. */
    static String singular(String term) {
        if (term.length() > 3
                && term.endsWith("s")
                && !term.endsWith("ss")
                && Character.isLowerCase(term.charAt(term.length() - 2))) {
            return term.substring(0, term.length() - 1);
        }
        return term;
    }

    /** Whether {@code term} is an acronym ("ML") of consecutive words of {@code text} ("machine learning"). */
    static boolean abbreviates(String term, String text) {
        if (!term.matches("\\p{Lu}{2,6}s?")) {
            return false;
        }
        String letters = term.replaceFirst("s$", "").toLowerCase(Locale.ROOT);
        String[] words = normalize(text).split(" ");
        for (int i = 0; i + letters.length() <= words.length; i++) {
            int k = 0;
            while (k < letters.length() && !words[i + k].isEmpty() && words[i + k].charAt(0) == letters.charAt(k)) {
                k++;
            }
            if (k == letters.length()) {
                return true;
            }
        }
        return false;
    }

    /** Pairs of words of opposite meaning, which embeddings place close together. */
    private static final List<List<String>> OPPOSITES = List.of(
            List.of("open", "closed"),
            List.of("approved", "rejected"),
            List.of("accepted", "rejected"),
            List.of("allowed", "forbidden"),
            List.of("allowed", "prohibited"),
            List.of("increase", "decrease"),
            List.of("increased", "decreased"),
            List.of("rose", "fell"),
            List.of("active", "dormant"),
            List.of("active", "inactive"),
            List.of("before", "after"),
            List.of("earlier", "later"),
            List.of("first", "last"),
            List.of("minimum", "maximum"),
            List.of("more", "less"),
            List.of("more", "fewer"),
            List.of("higher", "lower"),
            List.of("included", "excluded"),
            List.of("free", "paid"),
            List.of("safe", "unsafe"),
            List.of("safe", "dangerous"),
            List.of("always", "never"),
            List.of("win", "lose"),
            List.of("won", "lost"));

    /**
     * Whether {@code a} and {@code b} use opposite words of one pair ("open" / "closed") where the other text
     * does not also use the first one's word.
     */
    static boolean opposed(String a, String b) {
        Set<String> wa2 = new java.util.HashSet<>(List.of(normalize(a).split(" ")));
        Set<String> wb = new java.util.HashSet<>(List.of(normalize(b).split(" ")));
        for (List<String> pair : OPPOSITES) {
            String x = pair.get(0);
            String y = pair.get(1);
            if ((wa2.contains(x) && wb.contains(y) && !wb.contains(x) && !wa2.contains(y))
                    || (wa2.contains(y) && wb.contains(x) && !wb.contains(y) && !wa2.contains(x))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} says "not", "never", "no" … (or a contraction ending in n't). */
    static boolean negated(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace('’', '\'');
        if (lower.contains("n't")) {
            return true;
        }
        for (String word : normalize(lower).split(" ")) {
            if (NEGATIONS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Stemmed words that carry meaning: not stopwords, at least three characters or a number. */
    static Set<String> contentWords(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String word : normalize(text).split(" ")) {
            if (!STOPWORDS.contains(word)
                    && (word.length() >= 3 || (!word.isEmpty() && Character.isDigit(word.charAt(0))))) {
                out.add(stem(word));
            }
        }
        return out;
    }

    /** Share of {@code claim}'s content words found in {@code evidence}; 1 when the claim has none. */
    static double overlap(String claim, Set<String> evidenceWords) {
        Set<String> words = contentWords(claim);
        if (words.isEmpty()) {
            return 1;
        }
        long found = words.stream().filter(evidenceWords::contains).count();
        return (double) found / words.size();
    }

    private static String stem(String word) {
        if (word.endsWith("ing") && word.length() > 5) {
            return word.substring(0, word.length() - 3);
        }
        if ((word.endsWith("ed") || word.endsWith("es")) && word.length() > 4) {
            return word.substring(0, word.length() - 2);
        }
        if (word.endsWith("s") && !word.endsWith("ss") && word.length() > 3) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    /** {@code text} cut to {@code max} characters with an ellipsis, on one line, for rationales. */
    static String quote(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return "'" + (line.length() <= max ? line : line.substring(0, max - 1) + "…") + "'";
    }
}
