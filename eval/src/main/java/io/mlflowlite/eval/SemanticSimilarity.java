package io.mlflowlite.eval;

import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.FeedbackValues;
import java.util.List;

/**
 * Cosine similarity of the output's and the expected response's embeddings: {@code semantic_similarity} (the
 * number, -1 to 1) and {@code semantic_similarity_pass} (at least the threshold). Embeds through the run's
 * {@link ScoringContext} with {@value JudgeModels#LOCAL_EMBEDDING} by default, which runs offline in the embed
 * module; without that module on the classpath the feedback is an error naming it. Immutable, thread-safe.
 */
public final class SemanticSimilarity implements Scorer {
    /** The default name. */
    public static final String NAME = "semantic_similarity";
    /** The default pass threshold: paraphrases on all-MiniLM-L6-v2 usually score above it, unrelated text well below. */
    public static final double DEFAULT_THRESHOLD = 0.75;

    private final String name;
    private final String model;
    private final double threshold;

    SemanticSimilarity(String name, String model, double threshold) {
        this.name = Scorers.checkName(name);
        this.model = model;
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be between -1 and 1, was " + threshold);
        }
        this.threshold = threshold;
    }

    /** The same scorer embedding with {@code embeddingModel} (any model the gateway embeds with). */
    public SemanticSimilarity withModel(String embeddingModel) {
        return new SemanticSimilarity(name, embeddingModel, threshold);
    }

    /** The same scorer passing at {@code minSimilarity}. */
    public SemanticSimilarity withThreshold(double minSimilarity) {
        return new SemanticSimilarity(name, model, minSimilarity);
    }

    /** The same scorer under another name. */
    public SemanticSimilarity withName(String newName) {
        return new SemanticSimilarity(newName, model, threshold);
    }

    /** The embedding model. */
    public String model() {
        return model;
    }

    /** The similarity {@code <name>_pass} needs. */
    public double threshold() {
        return threshold;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.OUTPUTS, Requirement.of("expectations." + EvalRow.EXPECTED_RESPONSE));
    }

    @Override
    public List<Feedback> score(ScorerInput input) {
        String output = input.outputsText();
        String expected = input.expectedResponse().orElseThrow();
        EmbeddingResponse response = input.context().embed(EmbeddingRequest.of(model, List.of(output, expected)));
        double cosine = EmbeddingResponse.cosine(
                response.vectors().get(0), response.vectors().get(1));
        String source = "EMBEDDING:" + model;
        String shown = FeedbackValues.number(cosine);
        return List.of(
                new Feedback(name, cosine, "cosine similarity of the output and expected_response on " + model, source),
                new Feedback(
                        name + "_pass",
                        cosine >= threshold,
                        shown + (cosine >= threshold ? " >= " : " < ") + FeedbackValues.number(threshold),
                        source));
    }

    @Override
    public String toString() {
        return "SemanticSimilarity[" + name + ", " + model + ", threshold " + threshold + "]";
    }
}
