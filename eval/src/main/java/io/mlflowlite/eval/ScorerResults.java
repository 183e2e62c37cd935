package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what a custom scorer returned into feedbacks: a boolean, a number or a string becomes one feedback named
 * after the scorer; a {@link Feedback} keeps its name (or takes the scorer's when blank) and source (or
 * {@code CODE:<scorer>}); a list of them becomes several, whose names must then differ. Anything else is a
 * {@link ScorerFailedException} saying what is allowed.
 */
final class ScorerResults {
    private ScorerResults() {}

    static List<Feedback> normalize(String scorer, String source, Object result) {
        if (result instanceof Optional<?> optional) {
            result = optional.orElse(null);
        }
        if (result == null) {
            throw new ScorerFailedException("scorer '" + scorer + "' returned null; return a boolean, a number, a "
                    + "string, a Feedback or a list of Feedbacks");
        }
        if (result instanceof Boolean || result instanceof Number || result instanceof CharSequence) {
            Object value = result instanceof CharSequence text ? text.toString() : result;
            return List.of(new Feedback(scorer, value, "", source));
        }
        if (result instanceof Feedback feedback) {
            return List.of(fill(feedback, scorer, source));
        }
        if (result instanceof Collection<?> items) {
            List<Feedback> feedbacks = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Object item : items) {
                if (!(item instanceof Feedback feedback)) {
                    throw new ScorerFailedException("scorer '" + scorer + "' returned a list holding "
                            + (item == null ? "null" : item.getClass().getSimpleName())
                            + "; a list must hold Feedbacks");
                }
                Feedback filled = fill(feedback, scorer, source);
                if (!names.add(filled.name())) {
                    throw new ScorerFailedException("scorer '" + scorer + "' returned two feedbacks named '"
                            + filled.name() + "'; give each feedback of a list its own name");
                }
                feedbacks.add(filled);
            }
            return feedbacks;
        }
        throw new ScorerFailedException(
                "scorer '" + scorer + "' returned a " + result.getClass().getName()
                        + "; return a boolean, a number, a string, a Feedback or a list of Feedbacks");
    }

    private static Feedback fill(Feedback feedback, String scorer, String source) {
        String name = feedback.name() == null || feedback.name().isBlank() ? scorer : feedback.name();
        String from = feedback.source() == null || feedback.source().isBlank() ? source : feedback.source();
        return name.equals(feedback.name()) && from.equals(feedback.source()) ? feedback : feedback.named(name, from);
    }
}
