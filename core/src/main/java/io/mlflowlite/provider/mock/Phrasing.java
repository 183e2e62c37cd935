package io.mlflowlite.provider.mock;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns answers into the sentences a chat model would write: a known question's answer restated as a
 * statement ("The capital of France is Paris."), a clearly simulated reply for anything else, and a reply
 * built on tool results. Stateless and thread-safe.
 */
final class Phrasing {
    /** Categories whose answers read with "the" in a sentence ("the Thames", "the heart"). */
    private static final Set<String> WITH_ARTICLE = Set.of("river", "ocean", "desert", "anatomy", "animal", "currency");

    private static final Pattern WHAT_IS = Pattern.compile("(?i)^what(?:'s| is) (.+?)(?: called)?$");
    private static final Pattern WHAT_WAS = Pattern.compile("(?i)^what was (.+)$");
    private static final Pattern WHAT_ARE = Pattern.compile("(?i)^what are (.+)$");
    private static final Pattern WHO = Pattern.compile("(?i)^who (wrote|painted|composed|discovered|invented|"
            + "developed|proposed|formulated|founded|built|designed|directed|created|was|is) (.+)$");
    private static final Pattern WHICH_IS = Pattern.compile("(?i)^which (\\w+) (is|was) (.+)$");
    private static final Pattern WHICH_DOES = Pattern.compile("(?i)^(?:which|what) (\\w+) (\\w+(?:s|ed)) (.+)$");
    private static final Pattern HOW_MANY_IN =
            Pattern.compile("(?i)^how many (.+?) (?:are|were) (?:there )?(in|on) (.+)$");
    private static final Pattern HOW_MANY_THERE = Pattern.compile("(?i)^how many (.+?) are there$");
    private static final Pattern HOW_MANY_HAVE = Pattern.compile("(?i)^how many (.+?) (does|do) (.+?) have(.*)$");
    private static final Pattern WHAT_YEAR = Pattern.compile("(?i)^in (?:what|which) year .+$");
    private static final Pattern IN_WHICH = Pattern.compile("(?i)^(?:in|on) (?:which|what) \\w+ (?:is|are) (.+)$");

    private static final String[] OPENINGS = {
        "This is a simulated reply from mock/%s about %s.",
        "Simulated answer (mock/%s) on %s.",
        "[mock/%s] A simulated response about %s.",
    };
    private static final String[] BODY = {
        "No language model was called: the mock provider only knows the questions in its bundled knowledge "
                + "set, so it cannot say anything specific here.",
        "A real model would explain the main points, give an example or two, and note the caveats that matter.",
        "To get a genuine answer, configure a real provider, for example by setting OPENAI_API_KEY or "
                + "ANTHROPIC_API_KEY.",
        "The length, token usage and latency of this text are realistic on purpose, so demos, traces and load "
                + "tests behave as they would with a real model.",
        "Asking the same question with the same seed returns exactly this reply again.",
    };

    private Phrasing() {}

    /** {@code answer} (right or wrong) to {@code fact}'s question, as one natural sentence. */
    static String statement(KnowledgeSet.Fact fact, String answer) {
        String a = WITH_ARTICLE.contains(fact.category()) ? "the " + answer : answer;
        String q = fact.question().strip().replaceAll("[?.!\\s]+$", "");
        Matcher m;
        String sentence;
        if ((m = WHAT_IS.matcher(q)).matches()) {
            sentence = m.group(1) + " is " + a;
        } else if ((m = WHAT_WAS.matcher(q)).matches()) {
            sentence = m.group(1) + " was " + a;
        } else if ((m = WHAT_ARE.matcher(q)).matches()) {
            sentence = m.group(1) + " are " + a;
        } else if ((m = WHO.matcher(q)).matches()) {
            sentence = a + " " + m.group(1).toLowerCase(Locale.ROOT) + " " + m.group(2);
        } else if ((m = WHICH_IS.matcher(q)).matches()) {
            String rest = m.group(3);
            sentence = rest.matches("(?i)^(the|a|an) .*")
                    ? a + " " + m.group(2) + " " + rest
                    : a + " is the " + m.group(1) + " that " + m.group(2) + " " + rest;
        } else if ((m = WHICH_DOES.matcher(q)).matches()) {
            sentence = a + " " + m.group(2) + " " + m.group(3);
        } else if ((m = HOW_MANY_IN.matcher(q)).matches()) {
            sentence = "There are " + a + " " + m.group(1) + " " + m.group(2) + " " + m.group(3);
        } else if ((m = HOW_MANY_THERE.matcher(q)).matches()) {
            sentence = "There are " + a + " " + m.group(1);
        } else if ((m = HOW_MANY_HAVE.matcher(q)).matches()) {
            sentence = m.group(3) + ("does".equalsIgnoreCase(m.group(2)) ? " has " : " have ") + a + " " + m.group(1)
                    + m.group(4);
        } else if (WHAT_YEAR.matcher(q).matches()) {
            sentence = "That was in " + a;
        } else if ((m = IN_WHICH.matcher(q)).matches()) {
            sentence = m.group(1) + " is in " + a;
        } else {
            sentence = "The answer is " + a;
        }
        return Text.capitalize(sentence) + (sentence.endsWith(".") ? "" : "."); // "Washington, D.C."
    }

    /**
     * A reply to a question the knowledge set does not hold: it says plainly that it is simulated and names
     * the topic; its length varies with {@code rng} like a real model's would.
     */
    static String generic(String model, String userText, boolean withImage, Rng rng) {
        String topic = Text.topic(userText);
        String about = topic.isEmpty() ? "your message" : "\"" + topic + "\"";
        if (withImage) {
            about += topic.isEmpty() ? " and its image" : " and the attached image";
        }
        StringBuilder reply = new StringBuilder(String.format(OPENINGS[rng.nextInt(OPENINGS.length)], model, about));
        int first = rng.nextInt(BODY.length);
        int sentences = 2 + rng.nextInt(3);
        for (int i = 0; i < sentences; i++) {
            reply.append(' ').append(BODY[(first + i) % BODY.length]);
        }
        return reply.toString();
    }

    /** A reply that answers from tool results, each given as {@code name -> result text}. */
    static String fromToolResults(List<String[]> results) {
        if (results.size() == 1) {
            return "According to " + results.get(0)[0] + ": " + readable(results.get(0)[1]);
        }
        StringBuilder reply = new StringBuilder("Here is what the tools returned.");
        for (String[] result : results) {
            String text = readable(result[1]);
            reply.append(' ').append(result[0]).append(": ").append(text);
            if (!text.matches(".*[.!?]$")) {
                reply.append('.');
            }
        }
        return reply.toString();
    }

    /**
     * A tool result as a model would quote it: a JSON list of hits or records reads as its first entry's
     * {@code text} (or {@code answer}, {@code result}, {@code value}) — what a search tool's best hit says —
     * anything else as it came.
     */
    private static String readable(String result) {
        String stripped = result.strip();
        if (!stripped.startsWith("[") && !stripped.startsWith("{")) {
            return stripped;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = io.mlflowlite.json.Json.read(stripped);
            com.fasterxml.jackson.databind.JsonNode first = node.isArray() ? node.path(0) : node;
            for (String field : List.of("text", "answer", "result", "value")) {
                if (first.path(field).isValueNode()) {
                    return first.path(field).asText().strip();
                }
            }
        } catch (RuntimeException notJson) {
            // quote it as it came
        }
        return stripped;
    }
}
