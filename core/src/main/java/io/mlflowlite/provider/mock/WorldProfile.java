package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * How one simulated model does on each task subset of the simulated world: accuracy, how much longer it takes to
 * its first token, how often it follows an output format nobody stated, and how prompt features move its accuracy.
 * Internal to the mock provider: nothing above it reads a profile (docs/simulated-world.md states them all).
 * Immutable.
 *
 * @param accuracy          per subset, the probability that the content is right; absent subsets use
 *                          {@code fallbackAccuracy}
 * @param fallbackAccuracy  the accuracy of subsets the profile does not name
 * @param latencyFactor     per subset, a multiplier of the time to first token (absent: 1)
 * @param impliedCompliance the probability of answering in the task's format when the prompt does not state it
 * @param examplesCompliance the same when the prompt gives examples (but still does not state the format)
 * @param effects           per feature ({@code step_by_step}, {@code examples}, {@code constraint},
 *                          {@code explicit_format}), per subset: accuracy added when the prompt has the feature
 */
record WorldProfile(
        Map<String, Double> accuracy,
        double fallbackAccuracy,
        Map<String, Double> latencyFactor,
        double impliedCompliance,
        double examplesCompliance,
        Map<String, Map<String, Double>> effects) {
    private static final String BUNDLED = "/io/mlflowlite/provider/mock/world.json";
    private static volatile Map<String, WorldProfile> bundled;

    /** The profile of a model the bundled world does not know: its spec's accuracy everywhere, no effects. */
    static WorldProfile plain(double accuracy) {
        return new WorldProfile(Map.of(), accuracy, Map.of(), 1.0, 1.0, Map.of());
    }

    /** The bundled profile of {@code model}, or {@link #plain} with {@code specAccuracy}. */
    static WorldProfile of(String model, double specAccuracy) {
        WorldProfile profile = profiles().get(model);
        return profile != null ? profile : plain(specAccuracy);
    }

    /** The accuracy on {@code subset} with {@code features}, capped to [0, 1]. */
    double accuracy(String subset, PromptFeatures features) {
        double a = accuracy.getOrDefault(subset, fallbackAccuracy);
        if (features.stepByStep()) a += effect("step_by_step", subset);
        if (features.examples()) a += effect("examples", subset);
        if (features.constraint()) a += effect("constraint", subset);
        if (features.explicitFormat()) a += effect("explicit_format", subset);
        return Math.max(0, Math.min(1, a));
    }

    /** The probability of answering in the task's format: 1 when stated, else by whether examples show it. */
    double compliance(PromptFeatures features) {
        return features.explicitFormat() ? 1.0 : features.examples() ? examplesCompliance : impliedCompliance;
    }

    double latencyFactor(String subset) {
        return latencyFactor.getOrDefault(subset, 1.0);
    }

    private double effect(String feature, String subset) {
        return effects.getOrDefault(feature, Map.of()).getOrDefault(subset, 0.0);
    }

    private static Map<String, WorldProfile> profiles() {
        Map<String, WorldProfile> profiles = bundled;
        if (profiles == null) {
            synchronized (WorldProfile.class) {
                profiles = bundled;
                if (profiles == null) {
                    profiles = read();
                    bundled = profiles;
                }
            }
        }
        return profiles;
    }

    private static Map<String, WorldProfile> read() {
        try (InputStream in = WorldProfile.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new ConfigurationException("The bundled simulated world " + BUNDLED + " is missing");
            }
            Map<String, WorldProfile> profiles = new HashMap<>();
            for (Map.Entry<String, JsonNode> model :
                    Json.MAPPER.readTree(in).path("models").properties()) {
                JsonNode p = model.getValue();
                Map<String, Map<String, Double>> effects = new HashMap<>();
                for (Map.Entry<String, JsonNode> feature :
                        p.path("prompt_effects").properties()) {
                    effects.put(feature.getKey(), numbers(feature.getValue()));
                }
                profiles.put(
                        model.getKey(),
                        new WorldProfile(
                                numbers(p.path("accuracy")),
                                0.0,
                                numbers(p.path("latency_factor")),
                                p.path("format_compliance").path("implied").asDouble(1.0),
                                p.path("format_compliance")
                                        .path("with_examples")
                                        .asDouble(1.0),
                                effects));
            }
            return Map.copyOf(profiles);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the bundled simulated world " + BUNDLED, e);
        }
    }

    private static Map<String, Double> numbers(JsonNode object) {
        Map<String, Double> values = new HashMap<>();
        object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asDouble()));
        return Map.copyOf(values);
    }
}
