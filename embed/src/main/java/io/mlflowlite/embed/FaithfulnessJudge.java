package io.mlflowlite.embed;

import io.mlflowlite.eval.JudgePrompt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faithfulness: every sentence of the response with content words must be supported by the context
 * ({@link Support}); courtesy sentences with none ("Sure!") need no support. Names of the request count as
 * given. A sentence close to the context as a whole can still add a claim in one of its clauses ("… and a
 * dedicated account manager"): a clause (split at commas, semicolons, colons and dashes) with at least
 * {@link Thresholds#NOVEL_WORDS} content words that neither the context nor the request has, most of its content
 * words new, and no context sentence {@link Thresholds#SUPPORTED} similar to it, is unsupported. The rationale
 * quotes the first unsupported sentence.
 */
final class FaithfulnessJudge {
    private static final Pattern FIRST_WORD = Pattern.compile("^[\"'“‘(]*(\\p{Lu}\\p{Ll}+)\\b");

    private FaithfulnessJudge() {}

    static Verdict judge(JudgePrompt prompt, Similarity similarity) {
        String response = Verdict.required(prompt.response(), prompt, "response");
        String context = Verdict.required(prompt.context(), prompt, "context");
        List<String> claims = new ArrayList<>();
        for (String sentence : Texts.sentences(response)) {
            if (!Texts.contentWords(sentence).isEmpty()) {
                claims.add(sentence);
            }
        }
        if (claims.isEmpty()) {
            return Verdict.yes("the response makes no claim that needs support.");
        }
        Set<String> given = new LinkedHashSet<>(Texts.keyTerms(prompt.request().orElse("")));
        given.addAll(sentenceStarts(claims, response));
        List<Support> supports = new ArrayList<>(Support.checkAll(claims, context, given, similarity));
        String known = context + "\n" + prompt.request().orElse("");
        for (int i = 0; i < supports.size(); i++) {
            if (supports.get(i).supported()) {
                Support clause = novelClause(supports.get(i), context, known, similarity);
                if (clause != null) {
                    supports.set(i, clause);
                }
            }
        }
        List<Support> unsupported =
                supports.stream().filter(s -> !s.supported()).toList();
        if (unsupported.isEmpty()) {
            return Verdict.yes((claims.size() == 1
                            ? "the response's one sentence is"
                            : "all " + claims.size() + " sentences of the response are")
                    + " supported by the context ("
                    + String.join("; ", supports.stream().map(Support::reason).toList()) + ").");
        }
        Support first = unsupported.get(0);
        return Verdict.no(unsupported.size() + " of " + claims.size() + " sentences are not supported by the "
                + "context; first: " + Texts.quote(first.claim(), 120) + " (" + first.reason() + ").");
    }

    /**
     * Capitalized first words of the claims that the response never capitalizes elsewhere: "Work starts in
     * March" makes no claim about a "Work", so the context need not name it (similarity still judges the
     * sentence).
     */
    private static Set<String> sentenceStarts(List<String> claims, String response) {
        Set<String> out = new LinkedHashSet<>();
        for (String claim : claims) {
            Matcher m = FIRST_WORD.matcher(claim);
            if (m.find()) {
                String word = m.group(1);
                if (!Pattern.compile("(?<![.!?]\\s|^)\\b" + Pattern.quote(word) + "\\b")
                        .matcher(response)
                        .find()) {
                    out.add(word);
                }
            }
        }
        return out;
    }

    /** The claim made unsupported by a clause that brings new content, or null when no clause does. */
    private static Support novelClause(Support claim, String context, String known, Similarity similarity) {
        List<String> clauses = new ArrayList<>();
        for (String part : claim.claim().split("\\s*(?:[,;:—–]|\\s-\\s)\\s*")) {
            List<String> novel = Novelty.newWords(known, part);
            int words = Texts.contentWords(part).size();
            if (novel.size() >= Thresholds.NOVEL_WORDS && novel.size() * 2 > words) {
                clauses.add(part);
            }
        }
        if (clauses.isEmpty()) {
            return null;
        }
        List<String> sentences = Texts.sentences(context);
        double[][] scores = similarity.matrix(clauses, sentences);
        for (int i = 0; i < clauses.size(); i++) {
            double best = 0;
            for (double v : scores[i]) {
                best = Math.max(best, v);
            }
            if (best < Thresholds.SUPPORTED) {
                return new Support(
                        claim.claim(),
                        false,
                        best,
                        "the clause " + Texts.quote(clauses.get(i), 60) + " adds "
                                + String.join(
                                        ", ",
                                        Novelty.newWords(known, clauses.get(i)).stream()
                                                .map(w -> "'" + w + "'")
                                                .toList())
                                + ", which the context does not mention (similarity " + Support.format(best) + ")");
            }
        }
        return null;
    }
}
