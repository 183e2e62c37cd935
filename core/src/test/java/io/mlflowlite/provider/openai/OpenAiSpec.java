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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The official OpenAI OpenAPI document ({@code src/test/resources/openapi/openai-openapi.yaml}, MIT-licensed) as
 * JSON Schema 2020-12 validators for its component schemas. Loaded once; thread-safe after that.
 */
final class OpenAiSpec {
    /** The document kept in the repository (MIT, licence beside it), on the test classpath. */
    static final String RESOURCE = "/openapi/openai-openapi.yaml";
    /** Where the parsed document is registered for the validator; never fetched (the loader answers it). */
    private static final String DOCUMENT_IRI = "https://spec.mlflowlite.invalid/openai-openapi.json";

    private static OpenAiSpec instance;

    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;

    private OpenAiSpec(String documentJson) {
        factory = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT_IRI, documentJson))));
        // the document still marks some fields OpenAPI 3.0 style ("nullable: true") next to 3.1 "type: null"
        config = SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build();
    }

    static synchronized OpenAiSpec load() {
        if (instance == null) {
            try {
                LoaderOptions options = new LoaderOptions();
                options.setCodePointLimit(64 * 1024 * 1024); // the document is ~3 MB, SnakeYAML's default limit
                ObjectMapper yaml = new ObjectMapper(
                        YAMLFactory.builder().loaderOptions(options).build());
                JsonNode document = yaml.readTree(read());
                if (!document.at("/components/schemas/CreateChatCompletionRequest")
                        .isObject()) {
                    throw new IllegalStateException(
                            "The OpenAI document has no components.schemas.CreateChatCompletionRequest");
                }
                instance = new OpenAiSpec(document.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the OpenAI spec " + RESOURCE, e);
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
     * The document's text: the file named by {@code MLFLOWLITE_OPENAI_SPEC} when set (to check a newer document),
     * else the copy kept in this module's test resources, so a fresh clone tests on its own.
     */
    private static String read() throws IOException {
        String override = System.getenv("MLFLOWLITE_OPENAI_SPEC");
        if (override != null && !override.isBlank()) {
            Path file = Path.of(override);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("MLFLOWLITE_OPENAI_SPEC names " + file + ", which is not a file; "
                        + "unset it to use the bundled " + RESOURCE);
            }
            return Files.readString(file);
        }
        try (InputStream in = OpenAiSpec.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAI OpenAPI document " + RESOURCE + " is missing from the "
                        + "test classpath (core/src/test/resources" + RESOURCE + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
