package io.mlflowlite.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.routing.RoutingConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway configuration file a migration changes (MLflow's gateway format, docs/routing.md): it reads an
 * endpoint's model and bound prompt, writes the rollout's configuration (the endpoint's name becomes an
 * {@code experiment} route over the current and the candidate endpoint) and the promoted one (the endpoint on the
 * candidate model). Every text written is first validated by the gateway's own loader, then replaces the file
 * atomically (a temporary file in the same folder, flushed, renamed over it), so a gateway watching the file only
 * ever reloads a whole, valid configuration. Stateless.
 */
public final class GatewayFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** The endpoint's settings a migration reads: its model ({@code provider/name}) and bound prompt, if any. */
    public record EndpointInfo(String name, String model, Optional<String> prompt) {}

    private GatewayFile() {}

    /** The file's text. */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigurationException(
                    "Cannot read the gateway configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Endpoint {@code name} of the configuration {@code text}.
     *
     * @throws ConfigurationException naming the endpoints there are, when there is none of that name
     */
    public static EndpointInfo endpoint(String text, String name, String source) {
        ObjectNode root = parse(text, source);
        ObjectNode e = find(root, name, source);
        JsonNode model = e.path("model");
        if (!model.path("provider").isTextual() || !model.path("name").isTextual()) {
            throw new ConfigurationException(
                    source + ": endpoint '" + name + "' has no model {provider, name}; a migration moves a model");
        }
        String prompt = e.path("prompt").isTextual() ? e.get("prompt").asText() : null;
        return new EndpointInfo(
                name, model.get("provider").asText() + "/" + model.get("name").asText(), Optional.ofNullable(prompt));
    }

    /**
     * The rollout's configuration: endpoint {@code name} becomes two endpoints, {@code name-current} (as it was)
     * and {@code name-candidate} (on {@code toModel}, bound to {@code candidatePrompt} when not null), and a route
     * called {@code name} over them with the {@code experiment} strategy, the experiment {@code experiment} and
     * the staged {@code plan}. Clients keep calling {@code name}.
     */
    public static String rollout(
            String text,
            String name,
            String toModel,
            String candidatePrompt,
            String experiment,
            JsonNode plan,
            String source) {
        ObjectNode root = parse(text, source);
        ObjectNode current = find(root, name, source);
        ArrayNode endpoints = (ArrayNode) root.get("endpoints");
        ObjectNode currentCopy = current.deepCopy();
        currentCopy.put("name", name + "-current");
        ObjectNode candidate = current.deepCopy();
        candidate.put("name", name + "-candidate");
        setModel(candidate, toModel);
        if (candidatePrompt != null) {
            candidate.put("prompt", candidatePrompt);
        }
        candidate.remove("fallbacks"); // the candidate answers alone: a fallback would hide its failures
        for (int i = 0; i < endpoints.size(); i++) {
            if (name.equals(endpoints.get(i).path("name").asText())) {
                endpoints.set(i, currentCopy);
                endpoints.insert(i + 1, candidate);
                break;
            }
        }
        ArrayNode routes = root.has("routes") && root.get("routes").isArray()
                ? (ArrayNode) root.get("routes")
                : root.putArray("routes");
        ObjectNode route = routes.addObject();
        route.put("name", name);
        route.put("task_type", current.path("endpoint_type").asText("llm/v1/chat"));
        route.put("routing_strategy", "experiment");
        ObjectNode config = route.putObject("strategy_config");
        config.put("experiment", experiment);
        config.put("unit", "user");
        config.set("rollout", plan.deepCopy());
        ArrayNode destinations = route.putArray("destinations");
        destinations.addObject().put("name", name + "-current");
        destinations.addObject().put("name", name + "-candidate");
        return write(root, source);
    }

    /**
     * The promoted configuration: {@code original} with endpoint {@code name} on {@code toModel}, bound to
     * {@code prompt} when not null (its other settings as they were).
     */
    public static String promoted(String original, String name, String toModel, String prompt, String source) {
        ObjectNode root = parse(original, source);
        ObjectNode e = find(root, name, source);
        setModel(e, toModel);
        if (prompt != null) {
            e.put("prompt", prompt);
        }
        return write(root, source);
    }

    /**
     * Replaces {@code file} with {@code text} atomically, after checking that the gateway loads it.
     *
     * @throws ConfigurationException when the text is not a valid configuration (the file is left as it was)
     */
    public static void replace(Path file, String text, Map<String, String> env) {
        RoutingConfigLoader.withEnv(env).parse(text, file.toString());
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            try {
                try (FileChannel ch =
                        FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                    ch.force(true);
                }
                if (Files.exists(file)) {
                    try {
                        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system: the new file keeps the folder's defaults
                    }
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the gateway configuration " + file, e);
        }
    }

    private static void setModel(ObjectNode endpoint, String model) {
        int slash = model.indexOf('/');
        if (slash <= 0 || slash == model.length() - 1) {
            throw new ConfigurationException(
                    "The candidate model must be written provider/name (mock/next, openai/gpt-4o-mini), got '" + model
                            + "'");
        }
        String provider = model.substring(0, slash);
        ObjectNode m = endpoint.has("model") && endpoint.get("model").isObject()
                ? (ObjectNode) endpoint.get("model")
                : endpoint.putObject("model");
        if (!provider.equals(m.path("provider").asText())) {
            m.remove("config"); // another provider's keys and base URL do not apply
        }
        m.put("provider", provider);
        m.put("name", model.substring(slash + 1));
    }

    private static ObjectNode parse(String text, String source) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root == null || !root.isObject() || !root.path("endpoints").isArray()) {
                throw new ConfigurationException(source + ": no endpoints: list; a migration moves an endpoint");
            }
            return (ObjectNode) root;
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode find(ObjectNode root, String name, String source) {
        for (JsonNode e : root.get("endpoints")) {
            if (name.equals(e.path("name").asText()) && e.isObject()) {
                return (ObjectNode) e;
            }
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        root.get("endpoints").forEach(e -> names.add(e.path("name").asText()));
        throw new ConfigurationException(
                source + ": no endpoint called '" + name + "'; the endpoints are " + String.join(", ", names));
    }

    private static String write(ObjectNode root, String source) {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the configuration of " + source, e);
        }
    }
}
