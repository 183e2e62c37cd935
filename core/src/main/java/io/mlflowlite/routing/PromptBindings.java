package io.mlflowlite.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.json.Json;
import io.mlflowlite.prompt.PromptNotFoundException;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptUri;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Endpoints bound to a prompt ({@code prompt: prompts:/support@production} in the gateway file): loads the
 * bound version from the prompt registry and renders it around the caller's {@code prompt_variables}.
 *
 * <p>Why a cache with a short time to live: the binding is resolved on every call, and a registry lookup is
 * a database query. A pinned version ({@code prompts:/support/3}) never changes, so it is cached for good; an
 * alias ({@code @production}, {@code @latest}) is looked up again once its entry is older than the time to
 * live, so moving the alias reaches every replica within that time, with no restart. When that lookup fails
 * because the store is unreachable, calls keep the version they had and the lookup is tried again a time to
 * live later: a registry outage must not take the endpoint down. When the registry answers that the alias or
 * prompt no longer exists, calls fail with a {@link ConfigurationException} naming the binding.
 *
 * <p>Thread-safe. {@link #render} blocks on the registry only when the binding's entry is missing or stale.
 */
public final class PromptBindings {
    private static final System.Logger LOG = System.getLogger(PromptBindings.class.getName());

    private final Supplier<PromptRegistry> registry;
    private final TimeSource time;
    private final long ttlNanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(PromptVersion version, long refreshAtNanos) {}

    /**
     * Bindings read from {@code registry} (asked for only when a binding is first used, so a gateway whose
     * endpoints bind no prompt never opens a store), alias lookups cached for {@code ttl}.
     */
    public PromptBindings(Supplier<PromptRegistry> registry, TimeSource time, Duration ttl) {
        this.registry = registry;
        this.time = time;
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * Loads {@code uri} now, bypassing the cache, and caches it: a new configuration checks its bindings
     * with this, so a reload also picks up moved aliases at once.
     *
     * @throws MlflowliteException when the registry cannot be opened or has no such prompt, version or alias
     */
    PromptVersion load(String uri) {
        PromptUri parsed = PromptUri.parse(uri);
        PromptVersion version = registry.get().load(parsed);
        cache.put(uri, new Entry(version, refreshAt(parsed)));
        return version;
    }

    /**
     * {@code request} with {@code endpoint}'s bound prompt rendered in front of the caller's messages: the
     * template's messages (a text template is one user message), then the caller's. The caller's
     * {@code prompt_variables} fill the template; variables the template does not use are ignored (so moving
     * an alias to a version with fewer variables breaks no client) and listed in the request metadata. The
     * version's model config (temperature, max_tokens, top_p) and response format apply where neither the
     * caller nor the endpoint's defaults set them; the version is linked to the trace
     * ({@value PromptVersion#LINKED_PROMPTS}).
     *
     * @throws InvalidRequestException naming the template variables the caller did not send
     * @throws ConfigurationException  when the bound prompt cannot be loaded and none was loaded before
     */
    ChatRequest render(Endpoint endpoint, ChatRequest request, Map<String, Object> attributes) {
        PromptVersion version = current(endpoint);
        Map<String, Object> variables = variables(request);
        ChatRequest prompt;
        try {
            prompt = version.render(variables).build();
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(
                    "Endpoint '" + endpoint.name() + "' renders " + version.uri() + ": " + e.getMessage()
                            + ". Send them as \"prompt_variables\": {\"name\": \"value\", …}",
                    ChatRequest.PROMPT_VARIABLES);
        }
        List<Message> messages = new ArrayList<>(prompt.messages());
        messages.addAll(request.messages());
        ChatRequest.Builder b = request.toBuilder().messages(messages).withoutExtraBody(ChatRequest.PROMPT_VARIABLES);
        if (request.temperature() == null) {
            b.temperature(prompt.temperature());
        }
        if (request.maxTokens() == null) {
            b.maxTokens(prompt.maxTokens());
        }
        if (request.topP() == null) {
            b.topP(prompt.topP());
        }
        if (request.responseFormat() == null) {
            b.responseFormat(prompt.responseFormat());
        }
        b.metadata(PromptVersion.LINKED_PROMPTS, linked(request.metadata().get(PromptVersion.LINKED_PROMPTS), version));
        List<String> unused = variables.keySet().stream()
                .filter(v -> !version.variables().contains(v))
                .toList();
        if (!unused.isEmpty()) {
            b.metadata("mlflowlite.prompt.unusedVariables", String.join(",", unused));
        }
        attributes.put(EndpointRouter.PROMPT_ATTRIBUTE, version.uri().toString());
        return b.build();
    }

    /**
     * Fails a call that sends {@code prompt_variables} to a model that renders no prompt: they would
     * otherwise reach the provider as an unknown field and be rejected there, or silently do nothing.
     */
    static void rejectVariables(ChatRequest request, String why) {
        if (request.extraBody().containsKey(ChatRequest.PROMPT_VARIABLES)) {
            throw new InvalidRequestException(
                    "\"prompt_variables\" was sent but " + why + ": bind the endpoint to a "
                            + "prompt (prompt: prompts:/name@alias in the gateway file) or leave the field out",
                    ChatRequest.PROMPT_VARIABLES);
        }
    }

    private PromptVersion current(Endpoint endpoint) {
        String uri = endpoint.prompt();
        Entry entry = cache.get(uri);
        if (entry != null && time.nanoTime() - entry.refreshAtNanos() < 0) {
            return entry.version();
        }
        try {
            return load(uri);
        } catch (PromptNotFoundException e) {
            // the registry answered: the binding is gone, serving a version nobody points at would be wrong
            cache.remove(uri);
            throw unloadable(endpoint, e);
        } catch (MlflowliteException e) {
            if (entry == null) {
                throw unloadable(endpoint, e);
            }
            // the registry is unreachable: keep serving the version we had, look again a time to live from now
            cache.put(uri, new Entry(entry.version(), time.nanoTime() + ttlNanos));
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Endpoint ''{0}'': cannot refresh {1}, still using {2}: {3}",
                    endpoint.name(),
                    uri,
                    entry.version().uri(),
                    e.getMessage());
            return entry.version();
        }
    }

    private static ConfigurationException unloadable(Endpoint endpoint, MlflowliteException e) {
        return new ConfigurationException("Endpoint '" + endpoint.name() + "' is bound to " + endpoint.prompt()
                + ", which cannot be loaded: " + e.getMessage());
    }

    private long refreshAt(PromptUri uri) {
        // a pinned version is immutable: far enough in the future never to be reached
        return uri.versionIfPresent().isPresent() ? time.nanoTime() + Long.MAX_VALUE / 2 : time.nanoTime() + ttlNanos;
    }

    private static Map<String, Object> variables(ChatRequest request) {
        Object raw = request.extraBody().get(ChatRequest.PROMPT_VARIABLES);
        if (raw == null) {
            return Map.of();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> values.put(String.valueOf(k), v));
        } else if (raw instanceof JsonNode node && node.isObject()) {
            node.properties()
                    .forEach(e -> values.put(
                            e.getKey(),
                            e.getValue().isTextual()
                                    ? e.getValue().asText()
                                    : e.getValue().toString()));
        } else {
            throw new InvalidRequestException(
                    "\"prompt_variables\" must be an object of variable names to values, " + "got "
                            + (raw instanceof JsonNode n
                                    ? n.getNodeType().toString().toLowerCase()
                                    : raw),
                    ChatRequest.PROMPT_VARIABLES);
        }
        return values;
    }

    /** The request's linked prompts (if the caller rendered one itself) plus {@code version}. */
    private static String linked(String existing, PromptVersion version) {
        if (existing == null || existing.isBlank()) {
            return PromptVersion.linkedPromptsJson(List.of(version));
        }
        JsonNode parsed = Json.parse(existing, "request metadata " + PromptVersion.LINKED_PROMPTS);
        if (!(parsed instanceof ArrayNode array)) {
            return PromptVersion.linkedPromptsJson(List.of(version));
        }
        array.addObject().put("name", version.name()).put("version", String.valueOf(version.version()));
        return array.toString();
    }
}
