package io.mlflowlite.experiments.smart;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.Role;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the cheap {@link RequestFeatures} of a chat request: a handful of regular expressions and character
 * counts over the system and user text (a few microseconds for a short prompt), no model, no I/O. The same
 * request always gives the same features. Stateless and thread-safe.
 *
 * <p>What it looks for: numbers, arithmetic operators ({@code + - × ÷ * /}, {@code % of}) and quantity questions
 * ("how many", "how much", "in total") for maths; code fences, keywords and punctuation for code; "step by step",
 * "first … then", "explain why", several sentences carrying numbers for multi-step reasoning; a JSON
 * {@code response_format} (and its schema's properties), the word JSON, "list", "one word" / "only the label",
 * "classify … as" / "one of" for the requested output; "summarise", "extract"; the share of non-Latin letters and
 * the dominant script.
 */
public final class RequestAnalyzer {
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\d])\\d+(?:[.,]\\d+)*");
    private static final Pattern OPERATOR =
            Pattern.compile("\\d\\s*[-+*/×÷^]\\s*\\d|\\d\\s*%\\s*of\\b|\\bsquare root\\b");
    private static final Pattern QUANTITY = Pattern.compile(
            "\\bhow (?:many|much|far|long|old)\\b|\\bin (?:total|all)\\b|\\bwhat is the (?:total|sum|product|"
                    + "difference|average)\\b|\\bcalculate\\b|\\bcompute\\b");
    private static final Pattern UNIT = Pattern.compile(
            "[$€£¥]|%|\\b(?:km|kg|g|mg|m|cm|mm|l|ml|mph|cents?|dollars?|euros?|pounds?|hours?|minutes?|seconds?"
                    + "|days?|weeks?|years?|metres?|meters?|kilometres?|kilometers?|miles?|litres?|liters?)\\b");
    private static final Pattern CODE = Pattern.compile(
            "```|\\b(?:def|class|return|import|public|static|void|function|const|let|var|lambda|SELECT|FROM|"
                    + "WHERE)\\b|=>|\\)\\s*\\{|;\\s*$|\\b(?:python|java|javascript|typescript|sql|regex|bash|"
                    + "compile|stack trace|exception)\\b",
            Pattern.MULTILINE);
    private static final Pattern MULTI_STEP = Pattern.compile(
            "step[- ]by[- ]step|\\bfirst\\b.*\\bthen\\b|\\bthen\\b|\\bafter that\\b|\\bfinally\\b|\\bexplain why\\b"
                    + "|\\bprove\\b|\\bderive\\b|\\breason\\b|\\bshow your (?:work|working|reasoning)\\b",
            Pattern.DOTALL);
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?:\\s|$)");
    private static final Pattern JSON_WORD = Pattern.compile("\\bjson\\b");
    private static final Pattern LIST = Pattern.compile("\\b(?:list|bullet(?:s| points)?|enumerate|numbered)\\b");
    private static final Pattern ONE_WORD =
            Pattern.compile("\\bone word\\b|\\bsingle word\\b|\\bonly the (?:label|word|name|number|answer|category)\\b"
                    + "|\\b(?:respond|answer|reply|return|output) (?:with )?only\\b|\\byes or no\\b");
    private static final Pattern CHOICE = Pattern.compile(
            "\\bclassify\\b|\\bcategori[sz]e\\b|\\bone of\\b|\\blabels?:|\\bwhich category\\b|\\bsentiment\\b");
    private static final Pattern SUMMARIZE = Pattern.compile("\\bsummar(?:ise|ize|y|ies)\\b|\\btl;?dr\\b");
    private static final Pattern EXTRACT = Pattern.compile("\\bextract\\b|\\bfields?\\b|\\bparse\\b");

    private RequestAnalyzer() {}

    /** The features of {@code request}: its system, developer and user text, and its response format. */
    public static RequestFeatures analyze(ChatRequest request) {
        List<Message> messages = request.messages();
        StringBuilder all = new StringBuilder();
        String lastUser = "";
        boolean system = false;
        for (Message m : messages) {
            Role role = m.role();
            if (role == Role.SYSTEM || role == Role.DEVELOPER) {
                system = true;
            }
            if (role == Role.USER || role == Role.SYSTEM || role == Role.DEVELOPER) {
                String text = m.text();
                if (text != null) {
                    all.append(text).append('\n');
                    if (role == Role.USER) {
                        lastUser = text;
                    }
                }
            }
        }
        return analyze(all.toString(), lastUser, request.responseFormat(), system, messages.size());
    }

    /** The features of a single user message with no response format. */
    public static RequestFeatures analyze(String userText) {
        return analyze(userText, userText, null, false, 1);
    }

    private static RequestFeatures analyze(String all, String last, ResponseFormat format, boolean system, int turns) {
        String lower = all.toLowerCase(Locale.ROOT);
        String lastLower = last.toLowerCase(Locale.ROOT);
        int numbers = count(NUMBER, last);
        int operators = count(OPERATOR, lastLower);
        boolean quantity = QUANTITY.matcher(lastLower).find();
        int units = count(UNIT, lastLower);
        int code = count(CODE, all);
        int questions = (int) last.chars().filter(c -> c == '?').count();
        int sentences = Math.max(1, count(SENTENCE_END, last.strip() + " "));
        int numberedSentences = 0;
        for (String s : last.split("[.!?](?:\\s|$)")) {
            if (NUMBER.matcher(s).find()) {
                numberedSentences++;
            }
        }
        int multiStep = count(MULTI_STEP, lower) + (numberedSentences >= 2 ? 1 : 0) + (questions >= 2 ? 1 : 0);
        boolean jsonFormat = format != null && format.isJson();
        boolean json = jsonFormat || JSON_WORD.matcher(lower).find();
        int fields = format == null ? 0 : schemaFields(format.schema());
        boolean oneWord = ONE_WORD.matcher(lower).find();
        int[] scripts = new int[Script.values().length];
        int letters = 0;
        for (int i = 0; i < all.length(); ) {
            int cp = all.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                letters++;
                scripts[Script.of(cp).ordinal()]++;
            }
        }
        int best = 0;
        for (int s = 1; s < scripts.length; s++) {
            if (scripts[s] > scripts[best]) {
                best = s;
            }
        }
        double nonLatin = letters == 0 ? 0 : 1.0 - (double) scripts[Script.LATIN.ordinal()] / letters;
        int chars = all.length();
        return new RequestFeatures(
                chars,
                Math.max(1, chars / 4),
                numbers,
                operators,
                quantity,
                units,
                code,
                multiStep,
                questions,
                sentences,
                json,
                fields,
                LIST.matcher(lower).find(),
                oneWord,
                CHOICE.matcher(lower).find(),
                SUMMARIZE.matcher(lower).find(),
                EXTRACT.matcher(lower).find(),
                nonLatin,
                system,
                turns,
                letters == 0 ? "none" : Script.values()[best].name().toLowerCase(Locale.ROOT));
    }

    private static int schemaFields(JsonNode schema) {
        if (schema == null) {
            return 0;
        }
        JsonNode properties = schema.path("properties");
        if (properties.isObject()) {
            return properties.size();
        }
        JsonNode nested = schema.path("schema").path("properties");
        return nested.isObject() ? nested.size() : 0;
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private enum Script {
        LATIN,
        CYRILLIC,
        GREEK,
        ARABIC,
        HEBREW,
        CJK,
        DEVANAGARI,
        OTHER;

        static Script of(int cp) {
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            return switch (s) {
                case LATIN -> LATIN;
                case CYRILLIC -> CYRILLIC;
                case GREEK -> GREEK;
                case ARABIC -> ARABIC;
                case HEBREW -> HEBREW;
                case HAN, HIRAGANA, KATAKANA, HANGUL -> CJK;
                case DEVANAGARI -> DEVANAGARI;
                default -> OTHER;
            };
        }
    }
}
