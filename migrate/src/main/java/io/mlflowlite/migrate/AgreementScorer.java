package io.mlflowlite.migrate;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.eval.Requirement;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.eval.ScorerInput;
import java.util.List;
import java.util.Locale;

/**
 * {@code agreement}: whether the candidate's answer says what today's model answered ({@code
 * expectations.reference_output}, kept when the baseline was captured). Equal after normalising case, whitespace
 * and punctuation, or, for longer answers, a token F1 of at least 0.8 (the same words, give or take a few). A
 * verdict per row; its pass rate is how often the two models agree. Stateless and thread-safe.
 */
public final class AgreementScorer implements Scorer {
    /** The scorer's and its feedback's name. */
    public static final String NAME = "agreement";
    /** The expectation holding today's answer. */
    public static final String REFERENCE = "reference_output";

    private static final double MIN_F1 = 0.8;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.OUTPUTS, Requirement.of("expectations." + REFERENCE));
    }

    @Override
    public List<Feedback> score(ScorerInput input) {
        String reference = String.valueOf(input.expectations().get(REFERENCE));
        String answer = input.outputsText();
        List<String> a = tokens(answer);
        List<String> b = tokens(reference);
        if (a.equals(b)) {
            return List.of(Feedback.of(NAME, true, "the same answer as today's", "CODE:" + NAME));
        }
        double f1 = f1(a, b);
        boolean agree = f1 >= MIN_F1 && Math.min(a.size(), b.size()) >= 4;
        return List.of(Feedback.of(
                NAME,
                agree,
                String.format(
                        Locale.ROOT,
                        "token F1 %.2f with today's answer \"%s\"",
                        f1,
                        reference.length() > 120 ? reference.substring(0, 117) + "..." : reference),
                "CODE:" + NAME));
    }

    static List<String> tokens(String text) {
        String normal = text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
        return normal.isEmpty() ? List.of() : List.of(normal.split(" "));
    }

    private static double f1(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        List<String> rest = new java.util.ArrayList<>(b);
        int common = 0;
        for (String t : a) {
            if (rest.remove(t)) {
                common++;
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / a.size();
        double recall = (double) common / b.size();
        return 2 * precision * recall / (precision + recall);
    }
}
