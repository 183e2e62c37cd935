package io.mlflowlite.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.mlflowlite.logging.QuietSlf4j;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Creates the DJL HuggingFace tokenizer without any network access. DJL's tokenizer factory "calls home"
 * (EC2 instance metadata, then a telemetry URL) unless tracking is opted out or DJL is offline, and it
 * downloads a native library when it picks a flavour its jar lacks (a CUDA build on a GPU machine). Its
 * offline switch also makes it take the CPU library the jar ships.
 */
final class OfflineDjl {
    private static final String OFFLINE = "ai.djl.offline";
    private static final String OPT_OUT = "OPT_OUT_TRACKING";

    private OfflineDjl() {}

    /**
     * A tokenizer from {@code tokenizerJson}, padding and truncation off (the bundled file asks for both at 128
     * tokens; {@link MiniLmModel} pads its batches and truncates itself, and usage counts every token).
     */
    static synchronized HuggingFaceTokenizer tokenizer(byte[] tokenizerJson) throws IOException {
        // Telemetry opt-out is harmless to anyone else in the JVM, so it stays; offline mode would stop a host
        // application's own DJL downloads, so it holds only while the tokenizer (and its native library) loads.
        if (System.getProperty(OPT_OUT) == null) {
            System.setProperty(OPT_OUT, "true");
        }
        QuietSlf4j.unlessAProviderIsPresent(); // DJL logs through SLF4J
        String offline = System.getProperty(OFFLINE);
        System.setProperty(OFFLINE, "true");
        try {
            return HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(tokenizerJson),
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true"));
        } finally {
            if (offline == null) {
                System.clearProperty(OFFLINE);
            } else {
                System.setProperty(OFFLINE, offline);
            }
        }
    }
}
