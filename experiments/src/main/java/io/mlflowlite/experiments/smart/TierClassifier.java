package io.mlflowlite.experiments.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A multinomial logistic regression (softmax) from a request's vector — its {@link RequestFeatures#vector()},
 * optionally followed by an embedding — to the probability of each class (a tier label). Inputs are standardised
 * with the training data's means and deviations; training is full-batch gradient descent with L2 regularisation,
 * deterministic for the same data. Immutable and thread-safe once trained; {@link #toJson()} /
 * {@link #fromJson(JsonNode)} carry it in a routing table.
 */
public final class TierClassifier {
    private final List<String> classes;
    private final double[] mean;
    private final double[] scale;
    private final double[][] weights; // [class][input]
    private final double[] bias;

    private TierClassifier(List<String> classes, double[] mean, double[] scale, double[][] weights, double[] bias) {
        this.classes = List.copyOf(classes);
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
    }

    /** Training settings: L2 strength, gradient steps and step size. */
    public record Options(double l2, int iterations, double learningRate) {
        /** The defaults: L2 0.01, 400 steps of 0.5. */
        public static final Options DEFAULT = new Options(0.01, 400, 0.5);

        public Options {
            if (l2 < 0 || iterations < 1 || learningRate <= 0) {
                throw new IllegalArgumentException(
                        "Classifier options need l2 >= 0, iterations >= 1 and learningRate > 0");
            }
        }
    }

    /**
     * Trains on {@code inputs[i]} labelled {@code labels[i]} (an index into {@code classes}).
     *
     * @throws IllegalArgumentException when there are no rows, the rows' lengths differ, or a label is out of
     *                                  range
     */
    public static TierClassifier train(List<double[]> inputs, int[] labels, List<String> classes, Options options) {
        Objects.requireNonNull(options, "options");
        if (inputs.isEmpty() || inputs.size() != labels.length) {
            throw new IllegalArgumentException("Training needs one label per input and at least one row; got "
                    + inputs.size() + " inputs and " + labels.length + " labels");
        }
        int d = inputs.getFirst().length;
        int k = classes.size();
        int n = inputs.size();
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] x : inputs) {
            if (x.length != d) {
                throw new IllegalArgumentException("Every input needs " + d + " numbers, one has " + x.length);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += x[j] / n;
            }
        }
        for (double[] x : inputs) {
            for (int j = 0; j < d; j++) {
                scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] < 1e-12 ? 1 : Math.sqrt(scale[j]);
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(inputs.get(i), mean, scale);
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("Label " + labels[i] + " is not one of the " + k + " classes");
            }
        }
        double[][] w = new double[k][d];
        double[] b = new double[k];
        double[] p = new double[k];
        for (int it = 0; it < options.iterations(); it++) {
            double[][] gw = new double[k][d];
            double[] gb = new double[k];
            for (int i = 0; i < n; i++) {
                softmax(z[i], w, b, p);
                for (int c = 0; c < k; c++) {
                    double g = (p[c] - (labels[i] == c ? 1 : 0)) / n;
                    gb[c] += g;
                    double[] gwc = gw[c];
                    double[] zi = z[i];
                    for (int j = 0; j < d; j++) {
                        gwc[j] += g * zi[j];
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                b[c] -= options.learningRate() * gb[c];
                for (int j = 0; j < d; j++) {
                    w[c][j] -= options.learningRate() * (gw[c][j] + options.l2() * w[c][j]);
                }
            }
        }
        return new TierClassifier(classes, mean, scale, w, b);
    }

    private static double[] standardise(double[] x, double[] mean, double[] scale) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / scale[j];
        }
        return z;
    }

    private static void softmax(double[] z, double[][] w, double[] b, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double s = b[c];
            double[] wc = w[c];
            for (int j = 0; j < z.length; j++) {
                s += wc[j] * z[j];
            }
            out[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < w.length; c++) {
            out[c] /= sum;
        }
    }

    /** The class names, in the order of {@link #probabilities(double[])}. */
    public List<String> classes() {
        return classes;
    }

    /** How many numbers an input has. */
    public int inputs() {
        return mean.length;
    }

    /**
     * The probability of each class for {@code input}.
     *
     * @throws IllegalArgumentException when {@code input} has the wrong length
     */
    public double[] probabilities(double[] input) {
        if (input.length != mean.length) {
            throw new IllegalArgumentException("The classifier takes " + mean.length + " numbers, got " + input.length
                    + ": was it trained with embeddings this router does not have (or without them)?");
        }
        double[] p = new double[classes.size()];
        softmax(standardise(input, mean, scale), weights, bias, p);
        return p;
    }

    /** The classifier as JSON: classes, mean, scale, weights, bias. */
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        ArrayNode cs = node.putArray("classes");
        classes.forEach(cs::add);
        put(node.putArray("mean"), mean);
        put(node.putArray("scale"), scale);
        ArrayNode ws = node.putArray("weights");
        for (double[] row : weights) {
            put(ws.addArray(), row);
        }
        put(node.putArray("bias"), bias);
        return node;
    }

    private static void put(ArrayNode array, double[] values) {
        for (double v : values) {
            array.add((float) v); // float precision keeps the file small and is plenty for routing
        }
    }

    /**
     * Reads {@link #toJson()}'s form.
     *
     * @throws IllegalArgumentException naming the missing or malformed field
     */
    public static TierClassifier fromJson(JsonNode node) {
        List<String> classes = new ArrayList<>();
        node.path("classes").forEach(c -> classes.add(c.asText()));
        double[] mean = doubles(node, "mean");
        double[] scale = doubles(node, "scale");
        double[] bias = doubles(node, "bias");
        JsonNode ws = node.path("weights");
        if (classes.isEmpty()
                || scale.length != mean.length
                || bias.length != classes.size()
                || ws.size() != classes.size()) {
            throw new IllegalArgumentException(
                    "classifier: needs classes, mean, scale, weights (one row per class) and bias (one per class) "
                            + "of matching sizes; write it with TierClassifier.toJson or RoutingTable.toJson");
        }
        double[][] w = new double[classes.size()][];
        for (int c = 0; c < w.length; c++) {
            w[c] = new double[ws.get(c).size()];
            if (w[c].length != mean.length) {
                throw new IllegalArgumentException("classifier.weights[" + c + "] needs " + mean.length + " numbers");
            }
            for (int j = 0; j < w[c].length; j++) {
                w[c][j] = ws.get(c).get(j).asDouble();
            }
        }
        return new TierClassifier(classes, mean, scale, w, bias);
    }

    private static double[] doubles(JsonNode node, String field) {
        JsonNode a = node.path(field);
        if (!a.isArray()) {
            throw new IllegalArgumentException("classifier." + field + ": required, an array of numbers");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
