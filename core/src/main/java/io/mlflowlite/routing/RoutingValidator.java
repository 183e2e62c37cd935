package io.mlflowlite.routing;

import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.chat.ReasoningEffort;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.prompt.PromptUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link RoutingConfig} as a whole, however it was built (file or code): names, references between
 * routes and endpoints, percentages, types, ranges. Reports every problem with its path in the file's key
 * names. Whether each model can actually be reached (keys, catalog) is checked when the gateway compiles
 * the configuration. Stateless.
 */
final class RoutingValidator {
    /** MLflow's rule for endpoint names: they become URL path segments. */
    private static final Pattern NAME = Pattern.compile("[\\w\\-.]+", Pattern.UNICODE_CHARACTER_CLASS);
    /** Providers MLflow's gateway supports and mlflowlite does not (yet), so the message says so. */
    private static final Set<String> MLFLOW_ONLY = Set.of(
            "cohere",
            "ai21labs",
            "mlflow-model-serving",
            "mosaicml",
            "huggingface-text-generation-inference",
            "palm",
            "bedrock",
            "amazon-bedrock",
            "databricks",
            "databricks-model-serving",
            "litellm",
            "azure",
            "azuread");

    private static final Set<String> EFFORTS = java.util.Arrays.stream(ReasoningEffort.values())
            .map(ReasoningEffort::wire)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final Collection<String> providers;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private RoutingValidator(Collection<String> providers) {
        this.providers = providers;
    }

    /** Every problem of {@code config}, in file order; {@code providers} are the provider names the gateway knows. */
    static List<ConfigProblem> validate(RoutingConfig config, Collection<String> providers) {
        RoutingValidator v = new RoutingValidator(providers);
        v.check(config);
        return List.copyOf(v.problems);
    }

    private void problem(String path, String message) {
        problems.add(new ConfigProblem(path, message));
    }

    private void check(RoutingConfig config) {
        Map<String, String> firstUse = new HashMap<>();
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        Set<String> routes = new HashSet<>();
        for (int i = 0; i < config.endpoints().size(); i++) {
            Endpoint e = config.endpoints().get(i);
            if (name(e.name(), "endpoints[" + i + "].name", firstUse)) {
                endpoints.putIfAbsent(e.name(), e);
            }
        }
        for (int i = 0; i < config.routes().size(); i++) {
            Route r = config.routes().get(i);
            if (name(r.name(), "routes[" + i + "].name", firstUse)) {
                routes.add(r.name());
            }
        }
        for (int i = 0; i < config.endpoints().size(); i++) {
            endpoint(config.endpoints().get(i), "endpoints[" + i + "]", endpoints, routes);
        }
        for (int i = 0; i < config.routes().size(); i++) {
            route(config.routes().get(i), "routes[" + i + "]", endpoints, routes);
        }
    }

    /** Checks a name; true when it is usable (valid, and the first use of it). */
    private boolean name(String name, String path, Map<String, String> firstUse) {
        if (name == null || name.isBlank()) {
            problem(path, "required");
            return false;
        }
        if (!NAME.matcher(name).matches()) {
            problem(
                    path,
                    "'" + name
                            + "' is not a valid name: use letters, digits, '_', '-' and '.' (it becomes a URL path segment)");
            return false;
        }
        String earlier = firstUse.putIfAbsent(name, path);
        if (earlier != null) {
            problem(
                    path,
                    "duplicate name '" + name + "' (already used at " + earlier
                            + "); endpoint and route names must all be different");
            return false;
        }
        return true;
    }

    private void endpoint(Endpoint e, String path, Map<String, Endpoint> endpoints, Set<String> routes) {
        if (e.type() == null) {
            problem(path + ".endpoint_type", "required: one of " + String.join(", ", EndpointType.wireNames()));
        }
        spec(e.model(), path + ".model");
        if (e.limit() != null) {
            if (e.limit().calls() < 1) {
                problem(
                        path + ".limit.calls",
                        "must be at least 1, got " + e.limit().calls());
            }
            if (e.limit().renewalPeriod() == null) {
                problem(path + ".limit.renewal_period", "required: second, minute, hour or day");
            }
        }
        if (e.maxRetries() != null && e.maxRetries() < 0) {
            problem(path + ".max_retries", "must be 0 or more, got " + e.maxRetries());
        }
        positive(e.timeout(), path + ".timeout_seconds");
        positive(e.deadline(), path + ".deadline_seconds");
        defaults(e.defaults(), path + ".defaults");
        prompt(e, path + ".prompt");
        for (int j = 0; j < e.fallbacks().size(); j++) {
            fallback(e, e.fallbacks().get(j), path + ".fallbacks[" + j + "]", endpoints, routes);
        }
    }

    private void prompt(Endpoint e, String path) {
        if (e.prompt() == null) {
            return;
        }
        if (e.type() == EndpointType.EMBEDDINGS) {
            problem(
                    path,
                    "an " + EndpointType.EMBEDDINGS + " endpoint cannot render a prompt; bind prompts to chat "
                            + "or completions endpoints");
            return;
        }
        try {
            PromptUri.parse(e.prompt());
        } catch (InvalidRequestException ex) {
            problem(path, ex.getMessage());
        }
    }

    private void spec(ModelSpec spec, String path) {
        if (spec == null) {
            problem(path, "required: {provider, name, config}");
            return;
        }
        String provider = spec.provider();
        if (provider == null || provider.isBlank()) {
            problem(path + ".provider", "required: one of " + String.join(", ", providers));
        } else if (!providers.contains(provider)) {
            problem(path + ".provider", unknownProvider(provider));
        }
        if (spec.name() == null || spec.name().isBlank()) {
            problem(path + ".name", "required: the model to call, such as gpt-4o");
        }
    }

    private String unknownProvider(String provider) {
        if (MLFLOW_ONLY.contains(provider)) {
            return "provider '" + provider + "' is not supported by mlflowlite; supported: "
                    + String.join(", ", providers);
        }
        List<String> close = ModelCatalog.closest(provider, List.copyOf(providers), 1);
        return "unknown provider '" + provider + "'"
                + (close.isEmpty()
                        ? "; known: " + String.join(", ", providers)
                        : " (did you mean " + close.get(0) + "?)");
    }

    private void fallback(
            Endpoint owner, Fallback fallback, String path, Map<String, Endpoint> endpoints, Set<String> routes) {
        if (fallback instanceof Fallback.Model m) {
            spec(m.model(), path);
            return;
        }
        String name = ((Fallback.Named) fallback).name();
        if (name == null || name.isBlank()) {
            problem(path, "required: an endpoint name, a catalog name or provider/model");
        } else if (name.equals(owner.name())) {
            problem(path, "an endpoint cannot fall back to itself");
        } else if (routes.contains(name)) {
            problem(path, "'" + name + "' is a route; fallbacks name endpoints or models");
        } else if (endpoints.containsKey(name)) {
            EndpointType type = endpoints.get(name).type();
            if (owner.type() != null && type != null && owner.type().servesChat() != type.servesChat()) {
                problem(path, "endpoint '" + name + "' is " + type + " but this endpoint is " + owner.type());
            }
        }
    }

    private void route(Route r, String path, Map<String, Endpoint> endpoints, Set<String> routes) {
        if (r.taskType() == null) {
            problem(path + ".task_type", "required: one of " + String.join(", ", EndpointType.wireNames()));
        }
        if (r.destinations().isEmpty()) {
            problem(path + ".destinations", "at least one destination is required");
            return;
        }
        int total = 0;
        boolean percentagesValid = true;
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < r.destinations().size(); j++) {
            Destination d = r.destinations().get(j);
            String at = path + ".destinations[" + j + "]";
            if (d.trafficPercentage() < 0 || d.trafficPercentage() > 100) {
                problem(at + ".traffic_percentage", "must be between 0 and 100, got " + d.trafficPercentage());
                percentagesValid = false;
            }
            total += d.trafficPercentage();
            destination(r, d.name(), at + ".name", endpoints, routes, seen);
        }
        if (percentagesValid && total != 100 && r.isSplit()) {
            problem(path + ".destinations", "traffic percentages add up to " + total + ", not 100");
        }
    }

    private void destination(
            Route r, String name, String path, Map<String, Endpoint> endpoints, Set<String> routes, Set<String> seen) {
        if (name == null || name.isBlank()) {
            problem(path, "required: an endpoint name");
        } else if (!seen.add(name)) {
            problem(
                    path,
                    "endpoint '" + name + "' is listed twice; give it one destination with the summed percentage");
        } else if (routes.contains(name)) {
            problem(path, "'" + name + "' is a route; destinations must be endpoints");
        } else if (!endpoints.containsKey(name)) {
            List<String> close = ModelCatalog.closest(name, List.copyOf(endpoints.keySet()), 1);
            problem(
                    path,
                    "unknown endpoint '" + name + "'"
                            + (close.isEmpty() ? "" : " (did you mean " + close.get(0) + "?)"));
        } else {
            EndpointType type = endpoints.get(name).type();
            if (r.taskType() != null && type != null && type != r.taskType()) {
                problem(path, "endpoint '" + name + "' is " + type + " but the route's task_type is " + r.taskType());
            }
        }
    }

    private void positive(Duration value, String path) {
        if (value != null && !value.isPositive()) {
            problem(path, "must be more than 0, got " + value.toMillis() / 1000.0);
        }
    }

    private void defaults(EndpointDefaults d, String path) {
        range(d.temperature(), 0, 2, path + ".temperature");
        range(d.topP(), 0, 1, path + ".top_p");
        range(d.presencePenalty(), -2, 2, path + ".presence_penalty");
        range(d.frequencyPenalty(), -2, 2, path + ".frequency_penalty");
        if (d.maxTokens() != null && d.maxTokens() < 1) {
            problem(path + ".max_tokens", "must be at least 1, got " + d.maxTokens());
        }
        if (d.stop().size() > 4) {
            problem(path + ".stop", "at most 4 stop sequences, got " + d.stop().size());
        }
        if (d.reasoningEffort() != null && !EFFORTS.contains(d.reasoningEffort())) {
            problem(
                    path + ".reasoning_effort",
                    "must be one of " + ReasoningEffort.valuesText() + "; got '" + d.reasoningEffort() + "'");
        }
    }

    private void range(Double value, double min, double max, String path) {
        if (value != null && (value.isNaN() || value < min || value > max)) {
            problem(path, "must be between " + (int) min + " and " + (int) max + ", got " + value);
        }
    }
}
