package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The official OpenAI OpenAPI document ({@code shared/specs/openai-openapi.yaml}, beside the repository) as
 * JSON Schema 2020-12 validators for its component schemas. Loaded once; thread-safe after that.
 */
final class OpenAiSpec {
    static final String RELATIVE_PATH = "shared/specs/openai-openapi.yaml";
    /** Where the parsed document is registered for the validator; never fetched (the loader answers it). */
    private static final String DOCUMENT_IRI = "https://spec.mlflowlite.invalid/openai-openapi.json";

    private static OpenAiSpec instance;

    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;

    private OpenAiSpec(String documentJson) {
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT_IRI, documentJson))));
        // the document still marks some fields OpenAPI 3.0 style ("nullable: true") next to 3.1 "type: null"
        config = SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build();
    }

    static synchronized OpenAiSpec load() {
        if (instance == null) {
            Path file = locate();
            try {
                LoaderOptions options = new LoaderOptions();
                options.setCodePointLimit(64 * 1024 * 1024); // the document is ~3 MB, SnakeYAML's default limit
                ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
                JsonNode document = yaml.readTree(Files.readString(file));
                if (!document.at("/components/schemas/CreateChatCompletionRequest").isObject()) {
                    throw new IllegalStateException(file + " has no components.schemas.CreateChatCompletionRequest");
                }
                instance = new OpenAiSpec(document.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the OpenAI spec at " + file, e);
            }
        }
        return instance;
    }

    /** The validator for {@code #/components/schemas/<name>}. */
    JsonSchema schema(String name) {
        return factory.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#/components/schemas/" + name), config);
    }

    /** The violations of {@code json} against schema {@code name}, one readable line each; empty when valid. */
    List<String> violations(String name, JsonNode json) {
        Set<ValidationMessage> messages = schema(name).validate(json);
        return messages.stream().map(ValidationMessage::toString).sorted().collect(Collectors.toList());
    }

    /**
     * Finds {@code shared/specs/openai-openapi.yaml} beside the repository: the working directory is the module
     * ({@code core/}) under Maven, and the repository sits beside {@code shared/} (locally, in worktrees and in CI
     * clones), so every ancestor of the working directory is tried.
     */
    private static Path locate() {
        List<Path> tried = new ArrayList<>();
        String override = System.getenv("MLFLOWLITE_OPENAI_SPEC");
        if (override != null && !override.isBlank()) {
            Path file = Path.of(override);
            if (Files.isRegularFile(file)) {
                return file;
            }
            tried.add(file);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(RELATIVE_PATH);
            if (Files.isRegularFile(file)) {
                return file;
            }
            tried.add(file);
        }
        throw new IllegalStateException("The OpenAI OpenAPI document is missing, so the adapter's JSON cannot be "
                + "checked against it. Expected " + RELATIVE_PATH + " beside the repository (as ../shared/specs "
                + "from the repository root) or a path in MLFLOWLITE_OPENAI_SPEC. Tried: " + tried);
    }
}
