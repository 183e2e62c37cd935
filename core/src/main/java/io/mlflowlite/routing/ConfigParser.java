package io.mlflowlite.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.catalog.ModelCatalog;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a parsed MLflow AI Gateway file into a {@link RoutingConfig}, reporting every unknown key, wrong
 * type and missing value with its path. Elements with problems are still built as far as possible (with
 * nulls where values were bad) so that cross-checks — duplicate names, routes naming endpoints — run over
 * the whole file and one load reports everything. Not thread-safe: one per load.
 */
final class ConfigParser {
    private static final List<String> TOP = List.of("endpoints", "routes", "version", "online_scoring");
    private static final List<String> SCORING =
            List.of("scorers", "sample", "experiment", "judge_model", "budget_usd_per_day", "budget_usd_per_hour");
    private static final List<String> ENDPOINT = List.of(
            "name",
            "endpoint_type",
            "route_type",
            "model",
            "limit",
            "fallbacks",
            "max_retries",
            "timeout_seconds",
            "deadline_seconds",
            "defaults",
            "prompt");
    private static final List<String> MODEL = List.of("provider", "name", "config");
    private static final List<String> LIMIT = List.of("calls", "renewal_period", "key");
    private static final List<String> DEFAULTS = List.of(
            "temperature",
            "top_p",
            "max_tokens",
            "stop",
            "seed",
            "presence_penalty",
            "frequency_penalty",
            "reasoning_effort");
    private static final List<String> ROUTE =
            List.of("name", "task_type", "destinations", "routing_strategy", "strategy_config");
    private static final List<String> DESTINATION = List.of("name", "traffic_percentage");
    /** MLflow's provider names that mlflowlite spells differently. */
    private static final Map<String, String> PROVIDER_ALIASES = Map.of("togetherai", "together");

    private static final Map<String, ChronoUnit> PERIODS = Map.of(
            "second",
            ChronoUnit.SECONDS,
            "minute",
            ChronoUnit.MINUTES,
            "hour",
            ChronoUnit.HOURS,
            "day",
            ChronoUnit.DAYS,
            "month",
            ChronoUnit.MONTHS,
            "year",
            ChronoUnit.YEARS);

    private final TreeReader r;
    private final Collection<String> providers;

    ConfigParser(TreeReader reader, Collection<String> providers) {
        this.r = reader;
        this.providers = providers;
    }

    RoutingConfig parse(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            r.problem("", "the file is empty: expected a mapping with endpoints: (and optionally routes:)");
            return RoutingConfig.EMPTY;
        }
        ObjectNode top = r.object(root, "", "a mapping with endpoints: (and optionally routes:)");
        if (top == null) {
            return RoutingConfig.EMPTY;
        }
        r.onlyKeys(top, "", TOP, null);
        if (!top.has("endpoints")) {
            r.problem("endpoints", "required: a list of endpoints (it may be empty: endpoints: [])");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        List<JsonNode> endpointNodes = r.list(top, "endpoints", "");
        for (int i = 0; i < endpointNodes.size(); i++) {
            Endpoint endpoint = endpoint(endpointNodes.get(i), "endpoints[" + i + "]");
            endpoints.add(endpoint);
        }
        List<Route> routes = new ArrayList<>();
        List<JsonNode> routeNodes = r.list(top, "routes", "");
        for (int i = 0; i < routeNodes.size(); i++) {
            Route route = route(routeNodes.get(i), "routes[" + i + "]");
            if (route != null) {
                routes.add(route);
            }
        }
        List<OnlineScoringRule> scoring = new ArrayList<>();
        List<JsonNode> scoringNodes = r.list(top, "online_scoring", "");
        for (int i = 0; i < scoringNodes.size(); i++) {
            OnlineScoringRule rule = scoringRule(scoringNodes.get(i), "online_scoring[" + i + "]");
            if (rule != null) {
                scoring.add(rule);
            }
        }
        return new RoutingConfig(endpoints, routes, r.text(top, "version", "", false), scoring);
    }

    /** One online scoring rule; the scorer names are checked by whoever builds the scorers. */
    private OnlineScoringRule scoringRule(JsonNode node, String path) {
        ObjectNode o = r.object(node, path, "an online scoring mapping (scorers, sample …)");
        if (o == null) {
            return null;
        }
        r.onlyKeys(o, path, SCORING, null);
        boolean ok = true;
        List<String> scorers = r.texts(o, "scorers", path);
        JsonNode scorerNode = o.get("scorers");
        if (scorerNode == null || scorerNode.isNull() || (scorerNode.isArray() && scorerNode.isEmpty())) {
            r.problem(TreeReader.at(path, "scorers"), "required: a list of scorer names, e.g. [relevance_to_query]");
            ok = false;
        } else if (scorers.isEmpty()) {
            ok = false; // reported by texts()
        }
        Double sample = r.number(o, "sample", path);
        if (sample != null && !(sample >= 0 && sample <= 1)) {
            r.problem(TreeReader.at(path, "sample"), "must be between 0 and 1 (a share of calls), was " + sample);
            ok = false;
        }
        BigDecimal perDay = usd(o, "budget_usd_per_day", path);
        BigDecimal perHour = usd(o, "budget_usd_per_hour", path);
        if (!ok) {
            return null;
        }
        return new OnlineScoringRule(
                scorers,
                sample == null ? 1.0 : sample,
                r.text(o, "experiment", path, false),
                r.text(o, "judge_model", path, false),
                perDay,
                perHour);
    }

    private BigDecimal usd(ObjectNode o, String key, String path) {
        Double value = r.number(o, key, path);
        if (value == null) {
            return null;
        }
        if (!(value >= 0) || value.isInfinite()) {
            r.problem(TreeReader.at(path, key), "must be a dollar amount of 0 or more, was " + value);
            return null;
        }
        return BigDecimal.valueOf(value);
    }

    private Endpoint endpoint(JsonNode node, String path) {
        ObjectNode e = r.object(node, path, "an endpoint mapping (name, endpoint_type, model …)");
        if (e == null) {
            return new Endpoint(null, null, null, null, List.of(), null, null, null, null, null);
        }
        r.onlyKeys(e, path, ENDPOINT, null);
        String name = r.text(e, "name", path, false);
        return new Endpoint(
                name,
                endpointType(e, path),
                model(e.get("model"), path + ".model"),
                limit(e, path),
                fallbacks(e, path),
                r.integer(e, "max_retries", path),
                r.seconds(e, "timeout_seconds", path),
                r.seconds(e, "deadline_seconds", path),
                defaults(e, path),
                r.text(e, "prompt", path, false));
    }

    private EndpointType endpointType(ObjectNode e, String path) {
        // MLflow 2.x called it route_type and still accepts that name
        String key = e.has("endpoint_type") || !e.has("route_type") ? "endpoint_type" : "route_type";
        if (e.has("endpoint_type") && e.has("route_type")) {
            r.problem(path + ".route_type", "the old name of endpoint_type; set only endpoint_type");
        }
        return type(r.text(e, key, path, false), TreeReader.at(path, key));
    }

    private EndpointType type(String value, String path) {
        if (value == null) {
            return null;
        }
        return EndpointType.fromWireName(value).orElseGet(() -> {
            List<String> close = ModelCatalog.closest(value, EndpointType.wireNames(), 1);
            r.problem(
                    path,
                    "unknown type '" + value + "'"
                            + (close.isEmpty()
                                    ? "; one of " + String.join(", ", EndpointType.wireNames())
                                    : " (did you mean " + close.get(0) + "?)"));
            return null;
        });
    }

    private ModelSpec model(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null; // the validator reports it as required
        }
        ObjectNode m = r.object(node, path, "a model mapping {provider, name, config}");
        if (m == null) {
            return null;
        }
        r.onlyKeys(m, path, MODEL, null);
        String fileProvider = r.text(m, "provider", path, false);
        String provider = fileProvider == null ? null : PROVIDER_ALIASES.getOrDefault(fileProvider, fileProvider);
        ModelConfig config = ModelConfig.NONE;
        JsonNode configNode = m.get("config");
        if (configNode != null && !configNode.isNull()) {
            ObjectNode c = r.object(configNode, path + ".config", "a mapping of settings (openai_api_key …)");
            if (c != null) {
                boolean known = provider != null && providers.contains(provider);
                config = ProviderKeys.read(r, c, path + ".config", fileProvider, provider, known);
            }
        }
        return new ModelSpec(provider, r.text(m, "name", path, false), config);
    }

    private Limit limit(ObjectNode e, String path) {
        JsonNode node = e.get("limit");
        if (node == null || node.isNull()) {
            return null;
        }
        String at = path + ".limit";
        ObjectNode l = r.object(node, at, "a mapping {calls, renewal_period}");
        if (l == null) {
            return null;
        }
        r.onlyKeys(l, at, LIMIT, null);
        Integer calls = r.integer(l, "calls", at);
        if (calls == null && !l.has("calls")) {
            r.problem(at + ".calls", "required: how many calls per renewal_period");
        }
        String period = r.text(l, "renewal_period", at, true);
        ChronoUnit unit = period == null ? null : period(period, at + ".renewal_period");
        return new Limit(calls == null ? 1 : calls, unit, r.text(l, "key", at, false));
    }

    private ChronoUnit period(String value, String path) {
        String singular = value.strip().toLowerCase(Locale.ROOT);
        if (singular.endsWith("s")) {
            singular = singular.substring(0, singular.length() - 1);
        }
        ChronoUnit unit = PERIODS.get(singular);
        if (unit == null) {
            List<String> close = ModelCatalog.closest(singular, List.copyOf(PERIODS.keySet()), 1);
            r.problem(
                    path,
                    "'" + value + "' is not a period"
                            + (close.isEmpty()
                                    ? "; use second, minute, hour or day"
                                    : " (did you mean " + close.get(0) + "?)"));
        }
        return unit;
    }

    private List<Fallback> fallbacks(ObjectNode e, String path) {
        List<Fallback> fallbacks = new ArrayList<>();
        List<JsonNode> items = r.list(e, "fallbacks", path);
        for (int j = 0; j < items.size(); j++) {
            JsonNode item = items.get(j);
            String at = path + ".fallbacks[" + j + "]";
            if (item.isObject()) {
                fallbacks.add(Fallback.model(model(item, at)));
            } else if (item.isTextual()) {
                fallbacks.add(Fallback.named(r.text(item, at)));
            } else {
                r.problem(
                        at,
                        "expected an endpoint or model name, or a model mapping {provider, name, config}; got "
                                + TreeReader.describe(item));
            }
        }
        return fallbacks;
    }

    private EndpointDefaults defaults(ObjectNode e, String path) {
        JsonNode node = e.get("defaults");
        if (node == null || node.isNull()) {
            return EndpointDefaults.NONE;
        }
        String at = path + ".defaults";
        ObjectNode d = r.object(node, at, "a mapping of parameters (temperature, max_tokens …)");
        if (d == null) {
            return EndpointDefaults.NONE;
        }
        r.onlyKeys(d, at, DEFAULTS, null);
        Integer seed = r.integer(d, "seed", at);
        return EndpointDefaults.builder()
                .temperature(r.number(d, "temperature", at))
                .topP(r.number(d, "top_p", at))
                .maxTokens(r.integer(d, "max_tokens", at))
                .stop(r.texts(d, "stop", at))
                .seed(seed == null ? null : seed.longValue())
                .presencePenalty(r.number(d, "presence_penalty", at))
                .frequencyPenalty(r.number(d, "frequency_penalty", at))
                .reasoningEffort(r.text(d, "reasoning_effort", at, false))
                .build();
    }

    private Route route(JsonNode node, String path) {
        ObjectNode route = r.object(node, path, "a route mapping (name, task_type, destinations)");
        if (route == null) {
            return null;
        }
        if (!route.has("destinations") && (route.has("route_type") || route.has("model"))) {
            r.problem(
                    path,
                    "this is an MLflow 2.x route definition (route_type, model): move it under endpoints: "
                            + "and rename route_type to endpoint_type; routes: now holds traffic splits (name, task_type, destinations)");
            return null;
        }
        r.onlyKeys(route, path, ROUTE, null);
        String strategy = r.text(route, "routing_strategy", path, false);
        boolean split = strategy == null || strategy.equalsIgnoreCase("TRAFFIC_SPLIT");
        if (strategy != null && !split && !strategy.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            r.problem(
                    path + ".routing_strategy",
                    "'" + strategy + "' is no strategy name: use TRAFFIC_SPLIT (the default) or a strategy such as "
                            + "smart or experiment");
        }
        ObjectNode strategyConfig = null;
        if (route.has("strategy_config")) {
            strategyConfig = r.object(route.get("strategy_config"), path + ".strategy_config", "a mapping");
            if (split) {
                r.problem(path + ".strategy_config", "a traffic split takes no strategy_config; remove it");
            }
        }
        if (!route.has("destinations")) {
            r.problem(path + ".destinations", "required: a list of {name, traffic_percentage}");
        }
        List<Destination> destinations = new ArrayList<>();
        List<JsonNode> items = r.list(route, "destinations", path);
        for (int j = 0; j < items.size(); j++) {
            String at = path + ".destinations[" + j + "]";
            ObjectNode d = r.object(items.get(j), at, "a mapping {name, traffic_percentage}");
            if (d != null) {
                r.onlyKeys(d, at, DESTINATION, null);
                Integer percentage = r.integer(d, "traffic_percentage", at);
                if (percentage == null && !d.has("traffic_percentage") && split) {
                    r.problem(at + ".traffic_percentage", "required: the share of the route's traffic, 0 to 100");
                }
                // -1 for a missing or mistyped percentage: out of range, so the sum is not checked and the
                // validator's range problem lands on the path already reported here (and is dropped)
                // (a strategy other than the split reads percentages its own way: missing means 0)
                int share = percentage != null ? percentage : split || d.has("traffic_percentage") ? -1 : 0;
                destinations.add(new Destination(r.text(d, "name", at, false), share));
            }
        }
        return new Route(
                r.text(route, "name", path, false),
                type(r.text(route, "task_type", path, false), path + ".task_type"),
                destinations,
                split ? Route.SPLIT : strategy,
                strategyConfig);
    }
}
