package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.UnknownModelException;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated models the {@code mock} provider serves, by name. Immutable and thread-safe; every
 * {@code with…} method returns a new instance.
 *
 * <p>Models are described in JSON, the same format as the bundled {@code models.json}:
 * <pre>{@code
 * {
 *   "models": {
 *     "mini":   { "accuracy": 0.9 },
 *     "turbo":  { "description": "my fast model", "behavior": "answer",
 *                 "ttft_median_ms": 120, "ttft_p95_ms": 300, "ttft_floor_ms": 40,
 *                 "tokens_per_second": 200, "accuracy": 0.75,
 *                 "rate_429": 0.02, "retry_after_ms": 2000, "rate_500": 0.01, "rate_timeout": 0.0,
 *                 "max_output_tokens": 8192, "latency_scale": 1.0 }
 *   }
 * }
 * }</pre>
 * Every field is optional. An entry whose name is already known changes only the fields it sets (so
 * {@code "mini": {"accuracy": 0.9}} keeps mini's speed); a new name starts from
 * {@link MockModelSpec#builder()}'s defaults. {@code behavior} is {@code answer}, {@code echo} or {@code reflect}. Unknown
 * fields are rejected so a misspelt one does not silently do nothing.
 */
public final class MockModels {
    private static final String BUNDLED = "/io/mlflowlite/provider/mock/models.json";
    private static final List<String> FIELDS = List.of(
            "description",
            "behavior",
            "ttft_median_ms",
            "ttft_p95_ms",
            "ttft_floor_ms",
            "tokens_per_second",
            "accuracy",
            "rate_429",
            "retry_after_ms",
            "rate_500",
            "rate_timeout",
            "max_output_tokens",
            "latency_scale");

    private final Map<String, MockModelSpec> specs;

    private MockModels(Map<String, MockModelSpec> specs) {
        this.specs = Collections.unmodifiableMap(new LinkedHashMap<>(specs));
    }

    /** The bundled models: mini, balanced, pro, next, flaky, echo and reflect. Reads a classpath resource. */
    public static MockModels bundled() {
        try (InputStream in = MockModels.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new ConfigurationException("The bundled simulated models " + BUNDLED + " are missing");
            }
            return new MockModels(Map.of()).merge(Json.MAPPER.readTree(in), BUNDLED);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the bundled simulated models " + BUNDLED, e);
        }
    }

    /**
     * The bundled models with those of {@code file} added or overriding them (format above). Blocks on
     * file I/O. Throws {@link ConfigurationException} naming the file and the entry when it is unreadable or
     * invalid.
     */
    public static MockModels load(Path file) {
        return bundled().withModelsFrom(file);
    }

    /** No models at all; add some with {@link #withModel}. */
    public static MockModels empty() {
        return new MockModels(Map.of());
    }

    /** These models with those of {@code file} added or overriding them. Blocks on file I/O. */
    public MockModels withModelsFrom(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read simulated models from " + file + ": " + e.getMessage(), e);
        }
        return merge(root, file.toString());
    }

    /** These models with {@code spec} under {@code name}, replacing any model of that name. */
    public MockModels withModel(String name, MockModelSpec spec) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A simulated model needs a name");
        }
        Map<String, MockModelSpec> all = new LinkedHashMap<>(specs);
        all.put(name, Objects.requireNonNull(spec, "spec"));
        return new MockModels(all);
    }

    /** These models, every one with {@code scale} as its latency scale (0 for instant tests and benchmarks). */
    public MockModels withLatencyScale(double scale) {
        Map<String, MockModelSpec> all = new LinkedHashMap<>();
        specs.forEach((name, spec) -> all.put(name, spec.withLatencyScale(scale)));
        return new MockModels(all);
    }

    /** The model named {@code name}, if there is one. */
    public Optional<MockModelSpec> find(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    /**
     * The model named {@code name}; an {@link UnknownModelException} (an invalid request) listing the simulated
     * models otherwise.
     */
    public MockModelSpec require(String name) {
        MockModelSpec spec = specs.get(name);
        if (spec == null) {
            throw new UnknownModelException(
                    "mock/" + name,
                    closeMatches(name),
                    "The mock provider simulates: " + String.join(", ", specs.keySet()) + ".");
        }
        return spec;
    }

    /** The model names, in the order they were defined. */
    public Set<String> names() {
        return specs.keySet();
    }

    /** Every model by name, in the order they were defined. */
    public Map<String, MockModelSpec> asMap() {
        return specs;
    }

    private List<String> closeMatches(String name) {
        List<String> matches = new ArrayList<>();
        String wanted = name == null ? "" : name.toLowerCase(Locale.ROOT);
        for (String known : specs.keySet()) {
            if (!wanted.isEmpty() && (known.contains(wanted) || wanted.contains(known))) {
                matches.add("mock/" + known);
            }
        }
        return matches;
    }

    private MockModels merge(JsonNode root, String source) {
        JsonNode models = root == null ? null : root.get("models");
        if (models == null || !models.isObject()) {
            throw new ConfigurationException(source + ": expected an object {\"models\": {\"name\": {...}}}");
        }
        Map<String, MockModelSpec> all = new LinkedHashMap<>(specs);
        for (Map.Entry<String, JsonNode> entry : models.properties()) {
            String name = entry.getKey();
            MockModelSpec base = all.get(name);
            try {
                all.put(name, parse(entry.getValue(), base == null ? MockModelSpec.builder() : base.toBuilder()));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(source + ": simulated model '" + name + "': " + e.getMessage(), e);
            }
        }
        return new MockModels(all);
    }

    private static MockModelSpec parse(JsonNode node, MockModelSpec.Builder b) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected an object of settings");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new IllegalArgumentException(
                        "unknown field '" + field.getKey() + "'; known fields: " + String.join(", ", FIELDS));
            }
        }
        if (node.has("description")) b.description(node.get("description").asText());
        if (node.has("behavior")) b.behavior(behavior(node.get("behavior").asText()));
        if (node.has("ttft_median_ms")) b.ttftMedian(millis(node, "ttft_median_ms"));
        if (node.has("ttft_p95_ms")) b.ttftP95(millis(node, "ttft_p95_ms"));
        if (node.has("ttft_floor_ms")) b.ttftFloor(millis(node, "ttft_floor_ms"));
        if (node.has("tokens_per_second")) b.tokensPerSecond(number(node, "tokens_per_second"));
        if (node.has("accuracy")) b.accuracy(number(node, "accuracy"));
        if (node.has("rate_429")) b.rate429(number(node, "rate_429"));
        if (node.has("retry_after_ms")) b.retryAfter(millis(node, "retry_after_ms"));
        if (node.has("rate_500")) b.rate500(number(node, "rate_500"));
        if (node.has("rate_timeout")) b.rateTimeout(number(node, "rate_timeout"));
        if (node.has("max_output_tokens")) b.maxOutputTokens((int) number(node, "max_output_tokens"));
        if (node.has("latency_scale")) b.latencyScale(number(node, "latency_scale"));
        return b.build();
    }

    private static MockModelSpec.Behavior behavior(String text) {
        return switch (text) {
            case "answer" -> MockModelSpec.Behavior.ANSWER;
            case "echo" -> MockModelSpec.Behavior.ECHO;
            case "reflect" -> MockModelSpec.Behavior.REFLECT;
            default ->
                throw new IllegalArgumentException(
                        "behavior must be \"answer\", \"echo\" or \"reflect\", was \"" + text + "\"");
        };
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, was " + value);
        }
        return value.asDouble();
    }

    private static Duration millis(JsonNode node, String field) {
        return Duration.ofNanos(Math.round(number(node, field) * 1_000_000));
    }

    @Override
    public String toString() {
        return "MockModels" + specs.keySet();
    }
}
