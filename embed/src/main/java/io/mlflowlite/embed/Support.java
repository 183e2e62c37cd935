package io.mlflowlite.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether evidence supports a claim: an expected fact against a response, a response sentence against the
 * retrieved context. A claim is supported when the evidence states it literally; otherwise when the evidence
 * has every key term of the claim (numbers, names — {@code ignoredTerms} excepted, as terms of the request
 * need no support), its closest evidence sentence has the same polarity, and that sentence is close enough:
 * {@link Thresholds#SUPPORTED}, or {@link Thresholds#SUPPORTED_WITH_OVERLAP} when most of the claim's content
 * words appear in the evidence.
 *
 * @param claim      what was checked
 * @param supported  the verdict
 * @param similarity the best similarity to an evidence sentence or the whole evidence
 * @param reason     why, for the rationale
 */
record Support(String claim, boolean supported, double similarity, String reason) {

    /** Checks every claim against {@code evidence}, embedding claims and evidence sentences in one batch. */
    static List<Support> checkAll(
            List<String> claims, String evidence, Set<String> ignoredTerms, Similarity similarity) {
        List<String> sentences = new ArrayList<>(Texts.sentences(evidence));
        sentences.add(evidence); // a claim may draw on several sentences at once
        double[][] scores = similarity.matrix(claims, sentences);
        Set<String> evidenceWords = Texts.contentWords(evidence);
        List<Support> out = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            out.add(check(claims.get(i), evidence, sentences, scores[i], evidenceWords, ignoredTerms));
        }
        return out;
    }

    private static Support check(
            String claim,
            String evidence,
            List<String> sentences,
            double[] scores,
            Set<String> evidenceWords,
            Set<String> ignoredTerms) {
        int best = 0;
        for (int j = 1; j < scores.length; j++) {
            if (scores[j] > scores[best]) {
                best = j;
            }
        }
        double score = scores[best];
        if (Texts.contains(evidence, claim)) {
            return new Support(claim, true, score, "stated literally");
        }
        List<String> missing = Texts.missingTerms(claim, evidence, ignoredTerms);
        if (!missing.isEmpty()) {
            return new Support(
                    claim,
                    false,
                    score,
                    "no mention of "
                            + String.join(
                                    ", ",
                                    missing.stream().map(t -> "'" + t + "'").toList()) + " (similarity " + format(score)
                            + ")");
        }
        // polarity is a property of sentences: compare with the closest one even when the whole evidence scored best
        int bestSentence = best;
        if (best == sentences.size() - 1 && sentences.size() > 1) {
            bestSentence = 0;
            for (int j = 1; j < sentences.size() - 1; j++) {
                if (scores[j] > scores[bestSentence]) {
                    bestSentence = j;
                }
            }
        }
        String closest = sentences.get(bestSentence);
        if (sentences.size() > 1 && (Texts.negated(claim) != Texts.negated(closest) || Texts.opposed(claim, closest))) {
            return new Support(
                    claim,
                    false,
                    score,
                    "the closest sentence " + Texts.quote(closest, 80) + " has the opposite polarity (similarity "
                            + format(score) + ")");
        }
        if (score >= Thresholds.SUPPORTED) {
            return new Support(claim, true, score, "similarity " + format(score));
        }
        double overlap = Texts.overlap(claim, evidenceWords);
        if (overlap >= Thresholds.OVERLAP && score >= Thresholds.SUPPORTED_WITH_OVERLAP) {
            return new Support(
                    claim,
                    true,
                    score,
                    "similarity " + format(score) + " with " + Math.round(overlap * 100) + "% of its content words");
        }
        return new Support(claim, false, score, "similarity " + format(score) + " < " + format(Thresholds.SUPPORTED));
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
