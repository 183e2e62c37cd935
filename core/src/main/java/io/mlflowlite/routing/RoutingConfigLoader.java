package io.mlflowlite.routing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mlflowlite.provider.ProviderProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a routing configuration from YAML (or JSON) in the shape of MLflow's AI Gateway file, plus
 * mlflowlite's extensions:
 *
 * <pre>{@code
 * endpoints:
 *   - name: chat
 *     endpoint_type: llm/v1/chat
 *     model:
 *       provider: openai
 *       name: gpt-4o
 *       config:
 *         openai_api_key: $OPENAI_API_KEY
 *     limit: {renewal_period: minute, calls: 10}
 *     fallbacks: [claude, mock/echo]   # extension: endpoints or model names, or inline models
 *     max_retries: 2                   # extension
 *     timeout_seconds: 30              # extension
 *     deadline_seconds: 120            # extension
 *     defaults: {temperature: 0.2}     # extension: set on calls that leave them unset
 * routes:
 *   - name: chat-split
 *     task_type: llm/v1/chat
 *     destinations:
 *       - {name: chat, traffic_percentage: 70}
 *       - {name: claude, traffic_percentage: 30}
 * }</pre>
 *
 * {@code $NAME}, {@code ${NAME}} and {@code ${NAME:-default}} in any text are read from the environment map
 * given here (never from {@link System#getenv()} behind the caller's back).
 *
 * <p>Errors: a file with problems throws {@link RoutingConfigException} listing <em>every</em> problem found
 * — unknown keys (with the closest allowed key), wrong types, missing values and environment variables,
 * unknown providers, duplicate names, routes naming unknown endpoints or endpoints of another type,
 * percentages not adding up to 100 — each with its path, such as
 * {@code endpoints[2].model.provider: unknown provider 'opena' (did you mean openai?)}. Whether each model
 * can be reached (its key, the catalog) is checked when a gateway applies the configuration.
 *
 * <p>Immutable and thread-safe.
 */
public final class RoutingConfigLoader {
    private final Map<String, String> env;
    private final Set<String> providers;
    private final ObjectMapper yaml;

    private RoutingConfigLoader(Map<String, String> env, Set<String> providers) {
        this.env = Map.copyOf(env);
        this.providers = Collections.unmodifiableSet(new LinkedHashSet<>(providers)); // in the order messages list them
        this.yaml = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * A loader resolving environment references from {@code env} ({@code System.getenv()} in production, a
     * fixed map in tests), accepting the built-in providers.
     */
    public static RoutingConfigLoader withEnv(Map<String, String> env) {
        return new RoutingConfigLoader(env, new LinkedHashSet<>(ProviderProfile.builtinNames()));
    }

    /** This loader also accepting {@code extra} providers (those configured on the gateway with a wire format). */
    public RoutingConfigLoader withProviders(Collection<String> extra) {
        Set<String> all = new LinkedHashSet<>(providers);
        all.addAll(extra);
        return new RoutingConfigLoader(env, all);
    }

    /** The provider names this loader accepts. */
    public Set<String> providers() {
        return providers;
    }

    /**
     * Reads and validates {@code file}. Blocks on file I/O.
     *
     * @throws RoutingConfigException listing every problem, or the read failure
     */
    public RoutingConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new RoutingConfigException(
                    file.toString(),
                    List.of(new ConfigProblem(
                            "", "cannot read the file: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
        return parse(text, file.toString());
    }

    /**
     * Parses and validates {@code text}. {@code source} names it in messages (a file path), or is null.
     *
     * @throws RoutingConfigException listing every problem
     */
    public RoutingConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = text.isBlank() ? null : yaml.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ";
            throw new RoutingConfigException(
                    source, List.of(new ConfigProblem("", "not valid YAML: " + at + e.getOriginalMessage())));
        }
        TreeReader reader = new TreeReader(env);
        RoutingConfig config = new ConfigParser(reader, providers).parse(root);
        List<ConfigProblem> problems = merge(reader.problems(), RoutingValidator.validate(config, providers));
        if (!problems.isEmpty()) {
            throw new RoutingConfigException(source, problems);
        }
        return config;
    }

    /**
     * The parser's problems plus the validator's, dropping validator problems at or under a path the parser
     * already reported: a value the parser rejected reaches the validator as missing, and saying so again
     * would only repeat the first message.
     */
    private static List<ConfigProblem> merge(List<ConfigProblem> parsed, List<ConfigProblem> validated) {
        List<ConfigProblem> all = new ArrayList<>(parsed);
        for (ConfigProblem problem : validated) {
            boolean covered = parsed.stream()
                    .anyMatch(p -> problem.path().equals(p.path())
                            || problem.path().startsWith(p.path() + ".")
                            || problem.path().startsWith(p.path() + "["));
            if (!covered) {
                all.add(problem);
            }
        }
        all.sort((a, b) -> comparePaths(a.path(), b.path()));
        return all;
    }

    /** File order: {@code endpoints[2]} before {@code endpoints[10]}, endpoints before routes. */
    private static int comparePaths(String a, String b) {
        int ai = a.startsWith("routes") ? 1 : 0;
        int bi = b.startsWith("routes") ? 1 : 0;
        if (ai != bi) {
            return Integer.compare(ai, bi);
        }
        return Integer.compare(index(a), index(b));
    }

    private static int index(String path) {
        int open = path.indexOf('[');
        int close = path.indexOf(']');
        if (open < 0 || close < open) {
            return -1;
        }
        try {
            return Integer.parseInt(path.substring(open + 1, close));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
