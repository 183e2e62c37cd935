package io.mlflowlite.eval;

import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.UnknownModelException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.ModelInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Which model judges: a judge's own model, else the run's, else the global default set here (the facade's
 * {@code Mlflowlite.setDefaultJudgeModel}), else the first available of {@value #OPENAI} (an OpenAI key is
 * configured), {@value #ANTHROPIC} (an Anthropic key), and the offline {@value #LOCAL} (the embed module: embedding
 * similarity and simple checks, not an LLM — results say "offline judging"). Thread-safe.
 */
public final class JudgeModels {
    /** The default judge when an OpenAI key is configured. */
    public static final String OPENAI = "openai/gpt-4o-mini";
    /** The default judge when an Anthropic key is configured (and no OpenAI key). */
    public static final String ANTHROPIC = "anthropic/claude-3-5-haiku-20241022";
    /** The offline judge of the embed module. */
    public static final String LOCAL = "local/judge";
    /** The offline embedding model of the embed module. */
    public static final String LOCAL_EMBEDDING = "local/all-minilm-l6-v2";

    private static final AtomicReference<String> GLOBAL = new AtomicReference<>();

    private JudgeModels() {}

    /** Sets the judge model of runs that name none; null goes back to picking from the keys present. */
    public static void setDefault(String model) {
        GLOBAL.set(model == null || model.isBlank() ? null : model.strip());
    }

    /** The global default, when set. */
    public static Optional<String> configuredDefault() {
        return Optional.ofNullable(GLOBAL.get());
    }

    /** The global default, else {@value #OPENAI} or {@value #ANTHROPIC} when their key is configured on {@code gateway}, else {@value #LOCAL}. */
    public static String defaultFor(Gateway gateway) {
        String global = GLOBAL.get();
        if (global != null) {
            return global;
        }
        List<ModelInfo> models = gateway.models();
        if (keyed(models, "openai")) {
            return OPENAI;
        }
        if (keyed(models, "anthropic")) {
            return ANTHROPIC;
        }
        return LOCAL;
    }

    /** Whether {@code model} is an offline {@code local/*} model (labelled "offline judging"). */
    public static boolean isOffline(String model) {
        return model != null && model.startsWith("local/");
    }

    private static boolean keyed(List<ModelInfo> models, String provider) {
        return models.stream().anyMatch(m -> m.provider().equals(provider) && m.available());
    }

    /** Runs {@code call}; a {@code local/*} model the gateway does not know fails naming the embed module. */
    static <T> T explainUnavailable(String model, Supplier<T> call) {
        try {
            return call.get();
        } catch (UnknownModelException | ConfigurationException e) {
            if (isOffline(model)) {
                throw new ConfigurationException(
                        "Model " + model + " is not available: it runs offline in the "
                                + "mlflowlite-embed module (io.mlflowlite:mlflowlite-embed), which is not on the classpath. "
                                + "Add it, or name another model (a judge's withModel(...), Evaluation.builder().judgeModel(...) "
                                + "or Mlflowlite.setDefaultJudgeModel(...)) (" + e.getMessage() + ")",
                        e);
            }
            throw e;
        }
    }
}
