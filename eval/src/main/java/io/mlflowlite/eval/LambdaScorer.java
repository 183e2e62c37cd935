package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import java.util.List;
import java.util.Objects;

/** A scorer from a function of the row; its result is normalized by {@link ScorerResults}. */
final class LambdaScorer implements Scorer {
    /** A function of the row that may throw anything. */
    @FunctionalInterface
    interface Body {
        Object apply(ScorerInput input) throws Exception;
    }

    private final String name;
    private final List<Requirement> requirements;
    private final Body body;

    LambdaScorer(String name, List<Requirement> requirements, Body body) {
        this.name = Scorers.checkName(name);
        this.requirements = List.copyOf(requirements);
        this.body = Objects.requireNonNull(body, "fn");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Requirement> requirements() {
        return requirements;
    }

    @Override
    public List<Feedback> score(ScorerInput input) {
        Object result;
        try {
            result = body.apply(input);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ScorerFailedException(name, e);
        }
        return ScorerResults.normalize(name, "CODE:" + name, result);
    }

    @Override
    public String toString() {
        return "Scorer[" + name + "]";
    }
}
