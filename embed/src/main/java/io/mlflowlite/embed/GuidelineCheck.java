package io.mlflowlite.embed;

import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One guideline checked against a response. Recognized forms, each checked literally: word and sentence limits
 * ("under 50 words", "at most 3 sentences", "at least 20 words"), a language ("in English", French, Spanish,
 * German), "must not mention X" (X must not appear), "must mention X" (X appears, or a sentence is
 * {@link Thresholds#MENTIONS} similar to it), politeness (no rude words, no shouting), brevity ("concise": at
 * most 100 words), bullet lists, JSON, asking a question, citing sources, profanity, capitals, names of brands or
 * competitors, dates, percentage caps, exactly one option, asking for something, attribution, apologies, plain
 * language. A guideline may match several forms; all must hold. A guideline matching none is not checked: it is
 * taken to hold, and the rationale says so.
 *
 * @param holds       whether the guideline is met
 * @param approximated true when no form matched and the guideline was assumed to hold
 * @param detail      why, for the rationale
 */
record GuidelineCheck(boolean holds, boolean approximated, String detail) {
    private static final Pattern MAX_WORDS = Pattern.compile(
            "(?i)\\b(under|fewer than|less than|below|at most|no more than|"
                    + "not more than|a maximum of|maximum of|maximum|max|within|up to|not exceed(?:ing)?)\\s+(\\d+)\\s+(words?|sentences?)\\b");
    private static final Pattern MAX_OR_FEWER =
            Pattern.compile("(?i)\\b(\\d+)\\s+(words?|sentences?)\\s+or\\s+(fewer|less)\\b");
    private static final Pattern MIN_WORDS = Pattern.compile(
            "(?i)\\b(at least|more than|over|a minimum of|minimum of)\\s+(\\d+)\\s+(words?|sentences?)\\b");
    private static final Pattern LANGUAGE = Pattern.compile(
            "(?i)\\b(?:in|use|using|written in)\\s+(?:plain\\s+|simple\\s+)?(english|french|spanish|german)\\b");
    /** "use" only with "the word/phrase/term": "do not use jargon" is a style the judge cannot check literally. */
    private static final String VERBS = "mention(?:ing)?|includ(?:e|ing)|contain(?:ing)?|say(?:ing)?|stat(?:e|ing)|"
            + "us(?:e|ing)\\s+(?:the\\s+)?(?:words?|phrases?|terms?)|"
            + "referenc(?:e|ing)|discuss(?:ing)?|talk(?:ing)? about|bring(?:ing)? up|reveal(?:ing)?|refer(?:ring)? to|nam(?:e|ing)|"
            + "explain(?:ing)?|describ(?:e|ing)";

    private static final Pattern MUST_NOT =
            Pattern.compile("(?i)\\b(?:must not|mustn't|should not|shouldn't|must never|"
                    + "should never|never|do not|don't|does not|doesn't|cannot|can't|may not|avoid|without)\\s+(?:"
                    + VERBS + ")\\s+(.+?)[.!]?$");
    private static final Pattern NO_MENTION =
            Pattern.compile("(?i)\\bno (?:mention|reference)s? (?:of|to)\\s+(.+?)[.!]?$");
    private static final Pattern MUST =
            Pattern.compile("(?i)(?:\\b(?:must|should|has to|have to|needs? to|is required to|"
                    + "always|please)\\s+(?:(?:explicitly|clearly|also|briefly)\\s+)?|^\\s*)(?:" + VERBS
                    + ")\\s+(.+?)[.!]?$");
    private static final Pattern POLITE = Pattern.compile(
            "(?i)\\b(polite|courteous|respectful|friendly|professional|"
                    + "empathetic)\\b|\\b(be|stay|remain|sound)\\s+(kind|warm)\\b|\\b(not|never|avoid|without|no)\\b.{0,20}\\b(rude|offensive|insulting|condescending)\\b");
    private static final Pattern RUDE = Pattern.compile(
            "(?i)\\b(stupid|idiot(ic)?|dumb|moron(ic)?|shut up|what'?s wrong with you|"
                    + "figure it out yourself|nobody cares|screw you|your own fault|are you serious|damn|crap|pathetic|useless question)\\b");
    private static final Pattern SHOUTING = Pattern.compile("\\b[A-Z]{2,}\\b(\\W+\\b[A-Z]{2,}\\b){2,}|!!!");
    private static final Pattern BRIEF =
            Pattern.compile("(?i)\\b(concise|brief|briefly|short|succinct|to the point)\\b");
    private static final Pattern BULLETS = Pattern.compile(
            "(?i)\\b(bullet(ed)?(\\s+points?|\\s+list)?|as a list|numbered list|in a list|list form)\\b");
    private static final Pattern BULLET_LINE = Pattern.compile("(?m)^\\s*([-*•]|\\d+[.)])\\s+\\S");
    private static final Pattern JSON = Pattern.compile("(?i)\\bjson\\b");
    private static final Pattern QUESTION = Pattern.compile(
            "(?i)\\b(end(s)? with|ask(s)?|include(s)?)\\s+(a|one)?\\s*(follow-up\\s+|clarifying\\s+)?question\\b");
    private static final Pattern CITE = Pattern.compile(
            "(?i)\\bcite\\b|\\bcitations?\\b|\\b(include|provide|give|list|name)\\s+(its\\s+|the\\s+|a\\s+|your\\s+)?(sources?|references?)\\b");
    private static final Pattern CITATION = Pattern.compile(
            "(?i)\\[\\d+]|\\baccording to\\b|\\bsources?:|\\(source|https?://|\\bsee (section|page|chapter)\\b|\\bper the\\b");
    private static final int BRIEF_WORDS = 100;
    private static final Pattern PROFANITY = Pattern.compile(
            "(?i)\\b(profanity|profane|swear\\w*|curse words|cursing|cuss\\w*|obscen\\w*|vulgar\\w*)\\b");
    private static final Pattern SWEARING = Pattern.compile(
            "(?i)\\b(damn\\w*|crap\\w*|hell|shit\\w*|fuck\\w*|bloody|bastard|ass|arse|piss\\w*|bullshit)\\b");
    private static final Pattern CAPS =
            Pattern.compile("(?i)\\b(all caps|all-caps|capital letters|upper ?case|capitals|shout\\w*)\\b");
    /** "do not recommend specific brands", "no competitors": names are the literal trace of those. */
    private static final Pattern NAMES_FORBIDDEN = Pattern.compile(
            "(?i)\\b(not|never|avoid|without|no)\\b.{0,40}\\b("
                    + "brands?|companies|company names|competitors?|vendors?|manufacturers?|products? names|specific products)\\b");

    private static final Pattern NAME = Pattern.compile("\\b\\p{Lu}[\\p{Ll}]+(\\p{Lu}[\\p{Ll}]+)*\\b");
    /** "no discounts larger than 10%", "at most 20% off". */
    private static final Pattern MAX_PERCENT = Pattern.compile("(?i)\\b(larger|greater|more|higher|bigger|above|over|"
            + "exceed\\w*|at most|no more than|up to|maximum( of)?)\\s+(than\\s+)?(\\d+(?:\\.\\d+)?)\\s*(%|percent)");

    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(%|percent)");
    /** "do not promise a refund date", "no deadlines". */
    private static final Pattern NO_DATES = Pattern.compile("(?i)\\b(not|never|avoid|without|no)\\b.{0,40}\\b(dates?|"
            + "deadlines?|timelines?|timeframes?|time frames?|when it will)\\b");

    private static final Pattern DATE = Pattern.compile("(?i)\\b(monday|tuesday|wednesday|thursday|friday|saturday|"
            + "sunday|tomorrow|tonight|next week|january|february|march|april|june|july|august|september|october|"
            + "november|december|within \\d+ (hours|days|weeks|business days)|in \\d+ (hours|days|weeks)|by the "
            + "\\d+(st|nd|rd|th)?|\\d{1,2}/\\d{1,2}(/\\d{2,4})?)\\b");
    /** "give exactly one suggestion", "only one option". */
    private static final Pattern ONE_ITEM = Pattern.compile("(?i)\\b(exactly|only|just|a single)\\s+(one\\s+)?"
            + "(suggestion|option|idea|name|example|recommendation|answer|choice)\\b");

    private static final Pattern QUOTED = Pattern.compile("['\"“‘][^'\"“”‘’]{2,60}['\"”’]");
    /** "ask for the order number": a question that names it. */
    private static final Pattern ASK_FOR = Pattern.compile(
            "(?i)\\bask\\s+(?:the user\\s+|them\\s+|the customer\\s+)?(?:for|about)\\s+(.+?)(?:\\s+(?:if|when|unless|"
                    + "before|whenever)\\b.*)?[.!]?$");

    private static final Pattern ATTRIBUTE = Pattern.compile(
            "(?i)\\b(attribut\\w*|credit (the|its)|name (the|its) (author|speaker|source)|who said)\\b");
    private static final Pattern ATTRIBUTION =
            Pattern.compile("[—–-]\\s*\\p{Lu}\\p{L}+|\\b(by|said|wrote|according to)\\s+\\p{Lu}\\p{L}+");
    private static final Pattern APOLOGY_ASKED = Pattern.compile("(?i)\\b(apologi[sz]\\w*|say sorry)\\b");
    private static final Pattern APOLOGY = Pattern.compile("(?i)\\b(sorry|apologi[sz]\\w*|regret)\\b");
    /** "so a 10-year-old could understand", "no technical jargon", "plain language". */
    private static final Pattern SIMPLE = Pattern.compile("(?i)\\b(jargon|year-old|years old|child|kid|layperson|"
            + "plain (language|english|words)|simple (language|terms|words)|non-technical|beginner)\\b");

    private static final Pattern JARGON_WORD = Pattern.compile(
            "\\b(\\p{L}*\\d\\p{L}[\\p{L}\\d]*|\\p{L}+\\d[\\p{L}\\d]*|\\p{Lu}{2,}\\d*|[\\p{L}-]{14,})\\b");

    /** Checks {@code guideline} on {@code response}. */
    static GuidelineCheck check(String guideline, String response, Similarity similarity) {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int words = Texts.wordCount(response);
        int sentences = Texts.sentences(response).size();
        boolean limited = false;
        for (Matcher m = MAX_WORDS.matcher(guideline); m.find(); ) {
            limited = true;
            boolean strict = m.group(1).matches("(?i)under|fewer than|less than|below");
            limit(m.group(3), Integer.parseInt(m.group(2)), strict, words, sentences, passed, failed);
        }
        for (Matcher m = MAX_OR_FEWER.matcher(guideline); m.find(); ) {
            limited = true;
            limit(m.group(2), Integer.parseInt(m.group(1)), false, words, sentences, passed, failed);
        }
        for (Matcher m = MIN_WORDS.matcher(guideline); m.find(); ) {
            boolean strict = m.group(1).matches("(?i)more than|over");
            int n = Integer.parseInt(m.group(2));
            boolean sentenceUnit = m.group(3).toLowerCase(Locale.ROOT).startsWith("sentence");
            int have = sentenceUnit ? sentences : words;
            boolean ok = strict ? have > n : have >= n;
            (ok ? passed : failed)
                    .add(have + " " + (sentenceUnit ? "sentences" : "words") + ", needs "
                            + (strict ? "more than " : "at least ") + n);
        }
        Matcher language = LANGUAGE.matcher(guideline);
        if (language.find()) {
            language(language.group(1).toLowerCase(Locale.ROOT), response, passed, failed);
        }
        boolean styled = false;
        if (PROFANITY.matcher(guideline).find()) {
            styled = true;
            Matcher swear = SWEARING.matcher(response);
            Matcher rude = RUDE.matcher(response);
            if (swear.find()) {
                failed.add("swears: '" + swear.group() + "'");
            } else if (rude.find()) {
                failed.add("rude: '" + rude.group() + "'");
            } else {
                passed.add("no swearing");
            }
        }
        if (CAPS.matcher(guideline).find()) {
            styled = true;
            (SHOUTING.matcher(response).find() ? failed : passed)
                    .add(SHOUTING.matcher(response).find() ? "writes in capitals" : "no text in capitals");
        }
        Matcher maxPercent = MAX_PERCENT.matcher(guideline);
        if (maxPercent.find()) {
            styled = true;
            double max = Double.parseDouble(maxPercent.group(4));
            List<String> over = new ArrayList<>();
            for (Matcher m = PERCENT.matcher(response); m.find(); ) {
                if (Double.parseDouble(m.group(1)) > max) {
                    over.add(m.group());
                }
            }
            (over.isEmpty() ? passed : failed)
                    .add(
                            over.isEmpty()
                                    ? "no percentage above " + maxPercent.group(4) + "%"
                                    : "says " + String.join(", ", over) + ", above " + maxPercent.group(4) + "%");
        }
        if (NO_DATES.matcher(guideline).find()) {
            styled = true;
            Matcher date = DATE.matcher(response);
            if (date.find()) {
                failed.add("gives a date or time frame: '" + date.group() + "'");
            } else {
                passed.add("gives no date");
            }
        }
        if (NAMES_FORBIDDEN.matcher(guideline).find()) {
            styled = true;
            List<String> names = names(response, guideline);
            (names.isEmpty() ? passed : failed)
                    .add(names.isEmpty() ? "names no brand or company" : "names " + String.join(", ", names));
        }
        if (ONE_ITEM.matcher(guideline).find()) {
            styled = true;
            long quoted = QUOTED.matcher(response).results().count();
            long bullets = BULLET_LINE.matcher(response).results().count();
            long options = Math.max(quoted, bullets);
            (options <= 1 ? passed : failed).add(options + " options quoted or listed, needs one");
        }
        Matcher askFor = ASK_FOR.matcher(guideline.strip());
        if (askFor.find()) {
            styled = true;
            String subject = strip(askFor.group(1));
            boolean asks = response.contains("?");
            boolean names =
                    Texts.contains(response, subject) || Texts.overlap(subject, Texts.contentWords(response)) >= 0.5;
            (asks && names ? passed : failed)
                    .add(
                            asks && names
                                    ? "asks for '" + subject + "'"
                                    : asks ? "asks, but not for '" + subject + "'" : "asks no question");
        }
        if (ATTRIBUTE.matcher(guideline).find()) {
            styled = true;
            (ATTRIBUTION.matcher(response).find() ? passed : failed)
                    .add(ATTRIBUTION.matcher(response).find() ? "attributes it" : "names no author");
        }
        if (APOLOGY_ASKED.matcher(guideline).find()) {
            styled = true;
            (APOLOGY.matcher(response).find() ? passed : failed)
                    .add(APOLOGY.matcher(response).find() ? "apologises" : "does not apologise");
        }
        if (SIMPLE.matcher(guideline).find()) {
            styled = true;
            List<String> jargon = JARGON_WORD
                    .matcher(response)
                    .results()
                    .map(MatchResult::group)
                    .distinct()
                    .toList();
            (jargon.size() < 2 ? passed : failed)
                    .add(
                            jargon.size() < 2
                                    ? "plain words"
                                    : "technical terms: "
                                            + String.join(", ", jargon.subList(0, Math.min(4, jargon.size()))));
        }
        Matcher mustNot = MUST_NOT.matcher(guideline);
        Matcher noMention = NO_MENTION.matcher(guideline);
        boolean forbids = mustNot.find() || noMention.find();
        if (forbids) {
            String subject = mustNot.hasMatch() ? mustNot.group(1) : noMention.group(1);
            forbidden(subject, response, passed, failed);
        } else if (!styled) {
            Matcher must = MUST.matcher(guideline);
            if (must.find()
                    && !limited
                    && !BULLETS.matcher(guideline).find()
                    && !CITE.matcher(guideline).find()
                    && !LANGUAGE.matcher(guideline).find()) {
                required(must.group(1), response, similarity, passed, failed);
            }
        }
        if (POLITE.matcher(guideline).find() && !PROFANITY.matcher(guideline).find()) {
            polite(response, passed, failed);
        }
        if (BRIEF.matcher(guideline).find() && !limited) {
            (words <= BRIEF_WORDS ? passed : failed).add(words + " words, brief means at most " + BRIEF_WORDS);
        }
        if (BULLETS.matcher(guideline).find()) {
            long lines = BULLET_LINE.matcher(response).results().count();
            (lines >= 2 ? passed : failed).add(lines + " bulleted or numbered lines");
        }
        if (JSON.matcher(guideline).find()) {
            json(response, passed, failed);
        }
        if (QUESTION.matcher(guideline).find()) {
            boolean endsWith = guideline.matches("(?is).*\\bends? with\\b.*");
            boolean ok = endsWith ? response.strip().endsWith("?") : response.contains("?");
            (ok ? passed : failed)
                    .add(ok ? "asks a question" : endsWith ? "does not end with a question" : "asks no question");
        }
        if (CITE.matcher(guideline).find()) {
            boolean ok = CITATION.matcher(response).find();
            (ok ? passed : failed).add(ok ? "cites a source" : "no citation ([1], 'according to', 'Source:', a URL)");
        }
        if (passed.isEmpty() && failed.isEmpty()) {
            return approximate(guideline, response, similarity);
        }
        List<String> all = new ArrayList<>(failed);
        all.addAll(passed);
        return new GuidelineCheck(failed.isEmpty(), false, String.join(", ", all));
    }

    private static void limit(
            String unit, int n, boolean strict, int words, int sentences, List<String> passed, List<String> failed) {
        boolean sentenceUnit = unit.toLowerCase(Locale.ROOT).startsWith("sentence");
        int have = sentenceUnit ? sentences : words;
        boolean ok = strict ? have < n : have <= n;
        (ok ? passed : failed)
                .add(have + " " + (sentenceUnit ? "sentences" : "words") + ", limit " + (strict ? "under " : "at most ")
                        + n);
    }

    private static void language(String wanted, String response, List<String> passed, List<String> failed) {
        Optional<String> detected = Language.detect(response);
        double ascii = Language.asciiLetterShare(response);
        if (detected.isEmpty()) {
            boolean ok = !wanted.equals("english") || ascii >= 0.9;
            (ok ? passed : failed)
                    .add("too short to tell the language; " + Math.round(ascii * 100) + "% plain Latin letters");
        } else if (detected.get().equals(wanted) && (!wanted.equals("english") || ascii >= 0.9)) {
            passed.add("reads as " + wanted);
        } else {
            failed.add("reads as " + detected.get() + " (" + Math.round(ascii * 100) + "% plain Latin letters), not "
                    + wanted);
        }
    }

    private static void forbidden(String subject, String response, List<String> passed, List<String> failed) {
        List<String> mentioned = new ArrayList<>();
        List<String> terms = terms(subject, "\\s*,\\s*|\\s+or\\s+");
        for (String term : terms) {
            if (Texts.contains(response, term)) {
                mentioned.add("'" + term + "'");
            }
        }
        if (mentioned.isEmpty()) {
            passed.add("does not mention "
                    + String.join(" or ", terms.stream().map(t -> "'" + t + "'").toList()) + " (checked literally)");
        } else {
            failed.add("mentions " + String.join(", ", mentioned));
        }
    }

    private static void required(
            String subject, String response, Similarity similarity, List<String> passed, List<String> failed) {
        String whole = strip(subject);
        if (Texts.contains(response, whole)) {
            passed.add("mentions '" + whole + "'");
            return;
        }
        List<String> candidates = new ArrayList<>(Texts.sentences(response));
        candidates.add(response);
        List<String> terms = terms(subject, "\\s*,\\s*|\\s+and\\s+");
        double[][] scores = similarity.matrix(terms, candidates);
        for (int i = 0; i < terms.size(); i++) {
            double best = 0;
            for (double s : scores[i]) {
                best = Math.max(best, s);
            }
            String term = terms.get(i);
            if (Texts.contains(response, term)) {
                passed.add("mentions '" + term + "'");
            } else if (best >= Thresholds.MENTIONS) {
                passed.add("covers '" + term + "' (similarity " + Support.format(best) + ")");
            } else {
                failed.add("never mentions '" + term + "' (closest similarity " + Support.format(best) + " < "
                        + Support.format(Thresholds.MENTIONS) + ")");
            }
        }
    }

    private static void polite(String response, List<String> passed, List<String> failed) {
        Matcher rude = RUDE.matcher(response);
        if (rude.find()) {
            failed.add("impolite: says '" + rude.group() + "'");
        } else if (SHOUTING.matcher(response).find()) {
            failed.add("impolite: shouts in capitals or with '!!!'");
        } else {
            passed.add("no rude words or shouting");
        }
    }

    private static void json(String response, List<String> passed, List<String> failed) {
        String body = response.strip().replaceFirst("^```(?:json)?\\s*", "").replaceFirst("\\s*```$", "");
        try {
            boolean ok = Json.read(body).isContainerNode();
            (ok ? passed : failed).add(ok ? "is valid JSON" : "is not a JSON object or array");
        } catch (RuntimeException e) {
            failed.add("is not valid JSON");
        }
    }

    /**
     * A guideline no form matches: taken as met, and the rationale says it was not checked. (Similarity of a
     * guideline to the response says nothing about whether it was followed: on the labelled judging set it
     * agreed with people less often than assuming the guideline holds.)
     */
    private static GuidelineCheck approximate(String guideline, String response, Similarity similarity) {
        return new GuidelineCheck(true, true, "not checkable offline, assumed to hold");
    }

    /** Capitalized names in {@code response} (not at a sentence start, not in the guideline). */
    private static List<String> names(String response, String guideline) {
        List<String> out = new ArrayList<>();
        for (String sentence : Texts.sentences(response)) {
            Matcher m = NAME.matcher(sentence);
            while (m.find()) {
                String word = m.group();
                boolean first = sentence.substring(0, m.start()).isBlank()
                        || sentence.substring(0, m.start()).strip().matches("[\"'“‘(]*");
                if (!first && word.length() >= 3 && !Texts.contains(guideline, word) && !out.contains(word)) {
                    out.add(word);
                }
            }
        }
        return out.stream().map(w -> "'" + w + "'").toList();
    }

    private static List<String> terms(String subject, String separators) {
        List<String> out = new ArrayList<>();
        for (String part : subject.split(separators)) {
            String term = strip(part);
            if (!term.isEmpty()) {
                out.add(term);
            }
        }
        return out.isEmpty() ? List.of(strip(subject)) : out;
    }

    /** Drops quotes, a leading article or "any", and trailing punctuation. */
    private static String strip(String subject) {
        return subject.strip()
                .replaceAll("^[\"'“‘]+|[\"'”’.!]+$", "")
                .replaceFirst("(?i)^(any|the|a|an)\\s+", "")
                .replaceAll("^[\"'“‘]+|[\"'”’]+$", "")
                .strip();
    }
}
