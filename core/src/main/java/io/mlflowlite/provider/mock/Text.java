package io.mlflowlite.provider.mock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Word-level reading of user text: normalizing, content words, numbers, names and the topic. Stateless. */
final class Text {
    private static final Set<String> STOPWORDS = Set.of(
            "a",
            "an",
            "the",
            "of",
            "in",
            "on",
            "at",
            "to",
            "for",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "what",
            "which",
            "who",
            "whom",
            "whose",
            "how",
            "many",
            "much",
            "does",
            "do",
            "did",
            "by",
            "with",
            "and",
            "or",
            "its",
            "it",
            "that",
            "this",
            "there",
            "as",
            "from",
            "into",
            "about",
            "please",
            "tell",
            "me",
            "can",
            "you",
            "could",
            "would",
            "i",
            "my",
            "your",
            "whats",
            "s",
            "called",
            "name",
            "approximately",
            "exactly");
    private static final Set<String> NAME_CONNECTORS = Set.of("of", "de", "da", "del", "van", "von", "la", "le");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:[.,]\\d+)*");
    private static final Pattern LEAD = Pattern.compile("(?i)^(?:(?:please|hey|hi|hello|ok|so)[,!.]?\\s+"
            + "|(?:can|could|would|will) you (?:please )?"
            + "|(?:tell me|explain|describe|write|give me|show me|summari[sz]e|list|find|look up|search for)"
            + "(?: about| me| for)?\\s+"
            + "|(?:what|who|where|when|why|how|which)(?:'s| is| are| was| were| do| does| did| can| should)?\\s+"
            + "|(?:the|a|an)\\s+)");

    private Text() {}

    /** Lower-case words of {@code text}, single-spaced: questions that differ only in case and punctuation match. */
    static String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
            } else if (c == '.'
                    && i > 0
                    && i + 1 < n
                    && Character.isDigit(text.charAt(i - 1))
                    && Character.isDigit(text.charAt(i + 1))) {
                out.append('.'); // a decimal point: 3.14 stays one number
            } else if (c == ','
                    && i > 0
                    && i + 1 < n
                    && Character.isDigit(text.charAt(i - 1))
                    && Character.isDigit(text.charAt(i + 1))) {
                continue; // a thousands separator: 1,000 is 1000
            } else if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        }
        int end = out.length();
        return end > 0 && out.charAt(end - 1) == ' ' ? out.substring(0, end - 1) : out.toString();
    }

    /** The content words (stopwords dropped, plural s stripped) and the numbers of {@code text}. */
    static Words words(String text) {
        Set<String> content = new LinkedHashSet<>();
        Set<String> numbers = new LinkedHashSet<>();
        for (String word : normalize(text).split(" ")) {
            if (word.isEmpty() || STOPWORDS.contains(word)) {
                continue;
            }
            if (Character.isDigit(word.charAt(0))) {
                numbers.add(word);
                content.add(word);
            } else {
                content.add(
                        word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")
                                ? word.substring(0, word.length() - 1)
                                : word);
            }
        }
        return new Words(List.copyOf(content), Set.copyOf(numbers));
    }

    /** The numbers written in {@code text}, in order, as doubles. */
    static List<Double> numbers(String text) {
        List<Double> found = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            found.add(Double.parseDouble(m.group().replace(",", "")));
        }
        return found;
    }

    /**
     * Runs of capitalized words that are not the first word ("New York", "Paris"), in order: the names a
     * tool argument such as {@code location} most likely wants.
     */
    static List<String> names(String text) {
        List<String> names = new ArrayList<>();
        String[] tokens = text.trim().split("\\s+");
        StringBuilder run = new StringBuilder();
        for (int i = 1; i <= tokens.length; i++) {
            String word = i < tokens.length ? stripPunctuation(tokens[i]) : "";
            boolean capital = startsUpper(word) && !word.equals("I");
            boolean connector = !run.isEmpty()
                    && NAME_CONNECTORS.contains(word)
                    && i + 1 < tokens.length
                    && startsUpper(stripPunctuation(tokens[i + 1]));
            if (capital || connector) {
                run.append(run.isEmpty() ? "" : " ").append(word);
                if (i < tokens.length && tokens[i].matches(".*[,.;:!?]$")) {
                    names.add(run.toString());
                    run.setLength(0);
                }
            } else if (!run.isEmpty()) {
                names.add(run.toString());
                run.setLength(0);
            }
        }
        return names;
    }

    /** What {@code text} is about, in a few words: leading fillers and question words dropped, at most 12 words. */
    static String topic(String text) {
        String topic = text.strip().replaceAll("\\s+", " ");
        int sentenceEnd = firstSentenceEnd(topic);
        if (sentenceEnd > 0) {
            topic = topic.substring(0, sentenceEnd);
        }
        for (int i = 0; i < 4; i++) {
            String stripped = LEAD.matcher(topic).replaceFirst("");
            if (stripped.equals(topic)) {
                break;
            }
            topic = stripped;
        }
        topic = topic.replaceAll("[\\s?.!:;,]+$", "");
        String[] words = topic.split(" ");
        if (words.length > 12) {
            topic = String.join(" ", Arrays.copyOf(words, 12)) + "…";
        }
        return topic;
    }

    /** {@code text} with its first letter upper-cased. */
    static String capitalize(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    private static int firstSentenceEnd(String text) {
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if ((c == '?' || c == '!' || c == '.' && !Character.isDigit(text.charAt(i + 1)))
                    && text.charAt(i + 1) == ' ') {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean startsUpper(String word) {
        return !word.isEmpty() && Character.isUpperCase(word.codePointAt(0));
    }

    private static String stripPunctuation(String word) {
        return word.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "").replaceAll("'s$", "");
    }

    /** Content words (for overlap) and numbers (which must agree exactly) of one text. */
    record Words(List<String> content, Set<String> numbers) {}
}
