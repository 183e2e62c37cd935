package io.mlflowlite.experiments.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Calibration} learned, and all a {@link SmartRouter} needs: the tiers (cheapest first) with the model
 * serving each, the classifier from a request's features (and embedding, when {@link #embeddingModel()} is set) to
 * the probability of each tier label, the quality matrix ({@code quality[l][t]}: pass rate of tier t's defining
 * model on rows labelled l), the router's threshold δ, and the measured cost/quality {@link #frontier()}.
 * Immutable and thread-safe.
 *
 * <p>Written as JSON ({@link #toJson()}, {@link #write(Path)}) and read back ({@link #read(Path)},
 * {@link #fromJson(JsonNode)}); printed as a table ({@link #toText()}) and an SVG chart
 * ({@link FrontierChart#svg(List)}); {@link RoutingTableYaml} writes the gateway route that uses it.
 *
 * @param tiers          cheapest defining model first
 * @param classifier     features (+ embedding) → probability of each tier label
 * @param quality        {@code quality[label][tier]}
 * @param threshold      δ: a call goes to the cheapest tier whose expected quality is within δ of the best tier's
 * @param margin         the quality margin calibration kept: at least {@code (1 - margin)} of the best single
 *                       model's pass rate
 * @param embeddingModel the embedding model the classifier expects after the features, or empty for features only
 * @param frontier       the measured points: router thresholds, each model alone, the oracle
 * @param rows           how many rows it was calibrated on
 */
public record RoutingTable(
        List<Tier> tiers,
        TierClassifier classifier,
        double[][] quality,
        double threshold,
        double margin,
        Optional<String> embeddingModel,
        List<FrontierPoint> frontier,
        int rows) {

    /** Where the bundled table (calibrated on the simulated models) lives on the classpath. */
    public static final String BUNDLED_RESOURCE = "/io/mlflowlite/experiments/smart/default-routing-table.json";

    public RoutingTable {
        tiers = List.copyOf(tiers);
        frontier = List.copyOf(frontier);
        embeddingModel = embeddingModel == null ? Optional.empty() : embeddingModel;
        if (tiers.size() < 2) {
            throw new IllegalArgumentException("A routing table needs at least two tiers, got " + tiers.size());
        }
        if (classifier.classes().size() != tiers.size() || quality.length != tiers.size()) {
            throw new IllegalArgumentException(
                    "The classifier and the quality matrix need one entry per tier (" + tiers.size() + ")");
        }
        for (double[] row : quality) {
            if (row.length != tiers.size()) {
                throw new IllegalArgumentException("Each quality row needs one entry per tier (" + tiers.size() + ")");
            }
        }
        quality = copy(quality);
    }

    /** {@code quality[label][tier]}, a copy. */
    @Override
    public double[][] quality() {
        return copy(quality);
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    /** The tier names, cheapest first. */
    public List<String> tierNames() {
        return tiers.stream().map(Tier::name).toList();
    }

    /** The tier called {@code name}. */
    public Optional<Tier> tier(String name) {
        return tiers.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The same table with another threshold δ (larger: cheaper and lower quality). */
    public RoutingTable withThreshold(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("threshold: a number from 0 to 1, got " + value);
        }
        return new RoutingTable(tiers, classifier, quality, value, margin, embeddingModel, frontier, rows);
    }

    /** The tier names for {@code n} cost-ordered models: easy, hard; easy, medium, hard; … expert; then tierN. */
    static List<String> tierNames(int n) {
        return switch (n) {
            case 2 -> List.of("easy", "hard");
            case 3 -> List.of("easy", "medium", "hard");
            case 4 -> List.of("easy", "medium", "hard", "expert");
            default -> {
                List<String> names = new ArrayList<>(List.of("easy", "medium", "hard", "expert"));
                for (int i = 5; i <= n; i++) {
                    names.add("tier" + i);
                }
                yield names;
            }
        };
    }

    /** The frontier as a text table: each point's cost per 1 000 calls, pass rate, and model mix. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT, "%-22s %-7s %12s %8s  %s%n", "policy", "kind", "$/1k calls", "quality", "mix"));
        for (FrontierPoint p : frontier) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-22s %-7s %12.4f %7.1f%%  %s%n",
                    p.name(),
                    p.kind(),
                    p.costUsd() * 1000,
                    p.quality() * 100,
                    mixText(p.mix())));
        }
        out.append("tiers:");
        for (Tier t : tiers) {
            out.append(' ').append(t.name()).append(" → ").append(t.model());
            if (!t.model().equals(t.definedBy())) {
                out.append(" (rows of ").append(t.definedBy()).append(')');
            }
            out.append(';');
        }
        out.append(String.format(Locale.ROOT, " threshold δ=%.3f, margin %.1f%%%n", threshold, margin * 100));
        return out.toString();
    }

    static String mixText(Map<String, Double> mix) {
        StringBuilder s = new StringBuilder();
        mix.forEach((m, share) -> {
            if (share > 0) {
                s.append(s.isEmpty() ? "" : " ").append(m).append(String.format(Locale.ROOT, " %.0f%%", share * 100));
            }
        });
        return s.toString();
    }

    /** The table as JSON (what {@link #fromJson(JsonNode)} reads). */
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("format", 1);
        node.put("threshold", threshold);
        node.put("margin", margin);
        embeddingModel.ifPresent(m -> node.put("embedding_model", m));
        node.put("rows", rows);
        ArrayNode ts = node.putArray("tiers");
        for (Tier t : tiers) {
            ts.addObject()
                    .put("name", t.name())
                    .put("defined_by", t.definedBy())
                    .put("model", t.model())
                    .put("cost_per_call_usd", t.costPerCallUsd())
                    .put("output_tokens", t.outputTokens());
        }
        ArrayNode q = node.putArray("quality");
        for (double[] row : quality) {
            ArrayNode r = q.addArray();
            for (double v : row) {
                r.add(Math.round(v * 10000) / 10000.0);
            }
        }
        node.set("classifier", classifier.toJson());
        ArrayNode fs = node.putArray("frontier");
        for (FrontierPoint p : frontier) {
            ObjectNode f = fs.addObject()
                    .put("name", p.name())
                    .put("kind", p.kind())
                    .put("cost_usd", p.costUsd())
                    .put("quality", p.quality());
            if (!Double.isNaN(p.threshold())) {
                f.put("threshold", p.threshold());
            }
            ObjectNode mix = f.putObject("mix");
            p.mix().forEach(mix::put);
        }
        return node;
    }

    /**
     * Reads {@link #toJson()}'s form.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static RoutingTable fromJson(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("tiers").isArray()) {
            throw new IllegalArgumentException(
                    "A routing table is a JSON object with tiers, quality, classifier and threshold; write one with "
                            + "RoutingTable.write (or `mlflowlite route calibrate`)");
        }
        List<Tier> tiers = new ArrayList<>();
        for (JsonNode t : node.get("tiers")) {
            tiers.add(new Tier(
                    t.path("name").asText(null),
                    t.path("defined_by").asText(null),
                    t.path("model").asText(null),
                    t.path("cost_per_call_usd").asDouble(0),
                    t.path("output_tokens").asDouble(0)));
        }
        JsonNode q = node.path("quality");
        double[][] quality = new double[q.size()][];
        for (int i = 0; i < quality.length; i++) {
            quality[i] = new double[q.get(i).size()];
            for (int j = 0; j < quality[i].length; j++) {
                quality[i][j] = q.get(i).get(j).asDouble();
            }
        }
        List<FrontierPoint> frontier = new ArrayList<>();
        for (JsonNode f : node.path("frontier")) {
            Map<String, Double> mix = new LinkedHashMap<>();
            f.path("mix")
                    .properties()
                    .forEach(e -> mix.put(e.getKey(), e.getValue().asDouble()));
            frontier.add(new FrontierPoint(
                    f.path("name").asText(),
                    f.path("kind").asText(),
                    f.has("threshold") ? f.get("threshold").asDouble() : Double.NaN,
                    f.path("cost_usd").asDouble(),
                    f.path("quality").asDouble(),
                    mix));
        }
        if (!node.path("classifier").isObject()) {
            throw new IllegalArgumentException("routing table: classifier is required (an object)");
        }
        return new RoutingTable(
                tiers,
                TierClassifier.fromJson(node.get("classifier")),
                quality,
                node.path("threshold").asDouble(0),
                node.path("margin").asDouble(0),
                Optional.ofNullable(node.path("embedding_model").asText(null)),
                frontier,
                node.path("rows").asInt(0));
    }

    /** Writes {@link #toJson()} to {@code file}, pretty-printed. */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the routing table " + file, e);
        }
    }

    /**
     * Reads a table written by {@link #write(Path)}.
     *
     * @throws IllegalArgumentException when the file is missing or is not a routing table
     */
    public static RoutingTable read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("There is no routing table at " + file
                    + ": write one with `mlflowlite route calibrate` or " + "RoutingTable.write");
        }
        try {
            return fromJson(Json.parse(Files.readString(file), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the routing table " + file, e);
        }
    }

    /** The bundled table calibrated on the simulated {@code mock/*} models (see docs/experiments.md). */
    public static RoutingTable bundled() {
        try (InputStream in = RoutingTable.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The bundled routing table " + BUNDLED_RESOURCE + " is missing");
            }
            return fromJson(Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED_RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled routing table", e);
        }
    }
}
