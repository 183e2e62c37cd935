package io.mlflowlite.embed;

import io.mlflowlite.eval.JudgePrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Correctness: with expected facts, every fact must be supported by the response ({@link Support}); otherwise
 * the response must contain the expected response, or match its meaning ({@link Thresholds#SAME_ANSWER}) with
 * every key term of it present and the same polarity. Key terms the request already names need not be
 * repeated, so "Paris." answers "What is the capital of France?" expecting "The capital of France is Paris."
 */
final class CorrectnessJudge {
    private CorrectnessJudge() {}

    static Verdict judge(JudgePrompt prompt, Similarity similarity) {
        String response = Verdict.required(prompt.response(), prompt, "response");
        Set<String> given = given(prompt.request().orElse(""), prompt);
        if (!prompt.expectedFacts().isEmpty()) {
            return byFacts(prompt.expectedFacts(), response, given, similarity);
        }
        String expected = prompt.expectedResponse()
                .orElseThrow(() -> Verdict.missing(prompt, "<expected_response> or <expected_facts>"));
        return byExpectedResponse(expected, response, given, similarity);
    }

    /**
     * Terms the request already names: its key terms, and the expected answer's key terms that the request has in
     * any case ("Ocean" of "The Pacific Ocean" for "What is the largest ocean?").
     */
    private static Set<String> given(String request, JudgePrompt prompt) {
        Set<String> given = new java.util.LinkedHashSet<>(Texts.keyTerms(request));
        List<String> expected = new ArrayList<>(prompt.expectedFacts());
        prompt.expectedResponse().ifPresent(expected::add);
        for (String text : expected) {
            for (String term : Texts.keyTerms(text)) {
                if (!term.chars().anyMatch(Character::isDigit)
                        && (Texts.contains(request, term) || Texts.contains(request, Texts.singular(term)))) {
                    given.add(term);
                }
            }
        }
        return given;
    }

    private static Verdict byFacts(List<String> facts, String response, Set<String> given, Similarity similarity) {
        List<Support> supports = Support.checkAll(facts, response, given, similarity);
        List<String> missing = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (Support s : supports) {
            (s.supported() ? found : missing).add(Texts.quote(s.claim(), 80) + " (" + s.reason() + ")");
        }
        if (missing.isEmpty()) {
            return Verdict.yes(
                    "the response supports all " + facts.size() + " expected facts: " + String.join("; ", found) + ".");
        }
        return Verdict.no("the response misses " + missing.size() + " of " + facts.size() + " expected facts: "
                + String.join("; ", missing) + ".");
    }

    private static Verdict byExpectedResponse(
            String expected, String response, Set<String> given, Similarity similarity) {
        if (Texts.contains(response, expected)) {
            return Verdict.yes("the response contains the expected response " + Texts.quote(expected, 80) + ".");
        }
        List<String> sentences = Texts.sentences(response);
        List<String> candidates = new ArrayList<>(sentences);
        candidates.add(response);
        double[] scores = similarity.matrix(List.of(expected), candidates)[0];
        int best = 0;
        for (int j = 1; j < scores.length; j++) {
            if (scores[j] > scores[best]) {
                best = j;
            }
        }
        String score = Support.format(scores[best]);
        List<String> missing = Texts.missingTerms(expected, response, given);
        if (!missing.isEmpty()) {
            return Verdict.no("similarity to the expected response is " + score + ", but the response never says "
                    + String.join(", ", missing.stream().map(t -> "'" + t + "'").toList()) + ".");
        }
        if (Texts.sentences(expected).size() == 1 && Texts.negated(expected) != Texts.negated(candidates.get(best))) {
            return Verdict.no("the closest sentence " + Texts.quote(candidates.get(best), 80)
                    + " has the opposite polarity of the expected response (similarity " + score + ").");
        }
        if (scores[best] >= Thresholds.SAME_ANSWER) {
            return Verdict.yes("the response matches the expected response (similarity " + score + " >= "
                    + Support.format(Thresholds.SAME_ANSWER) + ").");
        }
        Set<String> terms = Texts.keyTerms(expected);
        terms.removeIf(t -> given.stream().anyMatch(g -> Texts.normalize(g).equals(Texts.normalize(t))));
        if (!terms.isEmpty() && scores[best] >= Thresholds.SAME_ANSWER_WITH_TERMS) {
            return Verdict.yes("the response states "
                    + String.join(", ", terms.stream().map(t -> "'" + t + "'").toList())
                    + " from the expected response (similarity " + score + " >= "
                    + Support.format(Thresholds.SAME_ANSWER_WITH_TERMS) + ").");
        }
        return Verdict.no("the response does not match the expected response " + Texts.quote(expected, 80)
                + " (similarity " + score + " < " + Support.format(Thresholds.SAME_ANSWER) + ").");
    }
}
