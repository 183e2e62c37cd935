package io.mlflowlite.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.limits.Budget;
import io.mlflowlite.limits.CreatedKey;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.KeySpec;
import io.mlflowlite.limits.KeyUsage;
import io.mlflowlite.limits.Limiter;
import io.mlflowlite.limits.Period;
import io.mlflowlite.limits.VirtualKey;
import io.mlflowlite.routing.ConfigProblem;
import io.mlflowlite.routing.ExperimentAdmin;
import io.mlflowlite.routing.MigrationAdmin;
import io.mlflowlite.routing.ReloadOutcome;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin API, behind the admin key ({@code Authorization: Bearer <admin key>}): virtual keys
 * ({@code POST/GET /admin/keys}, {@code DELETE /admin/keys/{id}}, {@code GET /admin/keys/{id}/usage}) and
 * {@code POST /admin/reload} of the configuration file. Without an admin key every admin route answers 403.
 */
final class AdminRoutes {
    private final byte[] adminKey;
    private final KeyService keys;
    private final Limiter limiter;
    private final Supplier<ReloadOutcome> reloader;
    private final ExperimentAdmin experiments;
    private final MigrationAdmin migrations;
    private final JsonBody bodies;

    AdminRoutes(
            String adminKey,
            KeyService keys,
            Limiter limiter,
            Supplier<ReloadOutcome> reloader,
            ExperimentAdmin experiments,
            MigrationAdmin migrations,
            JsonBody bodies) {
        this.adminKey = adminKey == null ? null : adminKey.getBytes(StandardCharsets.UTF_8);
        this.keys = keys;
        this.limiter = limiter;
        this.reloader = reloader;
        this.experiments = experiments;
        this.migrations = migrations;
        this.bodies = bodies;
    }

    List<Route> routes() {
        return List.of(
                Route.system("POST", "/admin/keys", guarded(this::create)),
                Route.system("GET", "/admin/keys", guarded(this::list)),
                Route.system("DELETE", "/admin/keys/{id}", guarded(this::revoke)),
                Route.system("GET", "/admin/keys/{id}/usage", guarded(this::usage)),
                Route.system("POST", "/admin/reload", guarded(this::reload)),
                Route.system("GET", "/admin/experiments", guarded(this::experiments)),
                Route.system("GET", "/admin/experiments/{name}", guarded(this::experiment)),
                Route.system("GET", "/admin/experiments/{name}/report", guarded(this::report)),
                Route.system("POST", "/admin/experiments/{name}/{action}", guarded(this::act)),
                Route.system("GET", "/admin/migrations", guarded(this::migrations)),
                Route.system("GET", "/admin/migrations/{id}", guarded(this::migration)),
                Route.system("GET", "/admin/migrations/{id}/report", guarded(this::migrationReport)));
    }

    private MigrationAdmin migrationAdmin() {
        if (migrations == null) {
            throw new ApiException(ApiError.of(
                    409,
                    "invalid_request_error",
                    "migrations_disabled",
                    "This gateway runs without migrations (add the mlflowlite-migrate module)."));
        }
        return migrations;
    }

    private void migrations(Exchange exchange, RequestScope scope) {
        send(exchange, 200, migrationAdmin().list());
    }

    private void migration(Exchange exchange, RequestScope scope) {
        String id = exchange.pathParameter("id").orElseThrow();
        send(exchange, 200, migrationAdmin().show(id).orElseThrow(() -> unknownMigration(id)));
    }

    /** {@code GET /admin/migrations/{id}/report}: the HTML report; {@code ?format=md} for its Markdown. */
    private void migrationReport(Exchange exchange, RequestScope scope) {
        String id = exchange.pathParameter("id").orElseThrow();
        String format = exchange.queryParameter("format").orElse("html");
        switch (format) {
            case "html" ->
                exchange.send(
                        200,
                        "text/html; charset=utf-8",
                        migrationAdmin()
                                .reportHtml(id)
                                .orElseThrow(() -> unknownMigration(id))
                                .getBytes(StandardCharsets.UTF_8));
            case "md", "markdown" ->
                exchange.send(
                        200,
                        "text/markdown; charset=utf-8",
                        migrationAdmin()
                                .reportMarkdown(id)
                                .orElseThrow(() -> unknownMigration(id))
                                .getBytes(StandardCharsets.UTF_8));
            default ->
                throw new ApiException(
                        ApiError.invalidRequest("format must be html or md, got '" + format + "'", "format"));
        }
    }

    private static ApiException unknownMigration(String id) {
        return new ApiException(ApiError.of(
                404,
                "invalid_request_error",
                "migration_not_found",
                "No migration '" + id + "'; GET /admin/migrations lists them."));
    }

    private ExperimentAdmin experimentAdmin() {
        if (experiments == null) {
            throw new ApiException(ApiError.of(
                    409,
                    "invalid_request_error",
                    "experiments_disabled",
                    "This gateway runs without experiments (add the mlflowlite-experiments module)."));
        }
        return experiments;
    }

    private void experiments(Exchange exchange, RequestScope scope) {
        send(exchange, 200, experimentAdmin().list());
    }

    private void experiment(Exchange exchange, RequestScope scope) {
        String name = exchange.pathParameter("name").orElseThrow();
        send(exchange, 200, experimentAdmin().show(name).orElseThrow(() -> unknownExperiment(name)));
    }

    private void report(Exchange exchange, RequestScope scope) {
        String name = exchange.pathParameter("name").orElseThrow();
        send(exchange, 200, experimentAdmin().report(name).orElseThrow(() -> unknownExperiment(name)));
    }

    /** {@code POST /admin/experiments/{name}/pause|resume|promote|rollback}, body optional: {variant, reason}. */
    private void act(Exchange exchange, RequestScope scope) {
        String name = exchange.pathParameter("name").orElseThrow();
        String action = exchange.pathParameter("action").orElseThrow();
        // the body is optional: curl -X POST with none is a plain pause
        JsonNode body = exchange.contentLength().orElse(-1) == 0
                        || (exchange.contentLength().isPresent()
                                && exchange.header("content-type").isEmpty())
                ? Json.object()
                : bodies.read(exchange);
        String variant = body.hasNonNull("variant") ? body.get("variant").asText() : null;
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
        try {
            send(exchange, 200, experimentAdmin().act(name, action, variant, "admin-api", reason));
        } catch (java.util.NoSuchElementException e) {
            throw unknownExperiment(name);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.invalidRequest(e.getMessage(), "action"));
        } catch (IllegalStateException e) {
            throw new ApiException(ApiError.of(409, "invalid_request_error", "experiment_state", e.getMessage()));
        }
    }

    private static ApiException unknownExperiment(String name) {
        return new ApiException(ApiError.of(
                404,
                "invalid_request_error",
                "experiment_not_found",
                "No experiment '" + name + "'; GET /admin/experiments lists them."));
    }

    private Route.Handler guarded(Route.Handler handler) {
        return (exchange, scope) -> {
            if (adminKey == null) {
                throw new ApiException(ApiError.of(
                        403,
                        "permission_error",
                        "admin_disabled",
                        "The admin API is off: start the gateway with MLFLOWLITE_ADMIN_KEY set."));
            }
            byte[] presented = exchange.header("authorization")
                    .map(String::strip)
                    .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                    .map(v -> v.substring(7).strip())
                    .orElse("")
                    .getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(presented, adminKey)) {
                throw new ApiException(ApiError.of(
                        401,
                        "authentication_error",
                        "invalid_admin_key",
                        "Admin routes need 'Authorization: Bearer <admin key>' (MLFLOWLITE_ADMIN_KEY)."));
            }
            handler.handle(exchange, scope);
        };
    }

    private KeyService keys() {
        if (keys == null) {
            throw new ApiException(ApiError.of(
                    409,
                    "invalid_request_error",
                    "keys_disabled",
                    "Virtual API keys are off on this gateway: start it with --keys."));
        }
        return keys;
    }

    private void create(Exchange exchange, RequestScope scope) {
        JsonNode body = bodies.read(exchange);
        String name = body.path("name").asText("");
        if (name.isBlank()) {
            throw new ApiException(ApiError.invalidRequest("A key needs a \"name\"", "name"));
        }
        KeySpec.Builder spec = KeySpec.builder(name);
        List<String> endpoints = new ArrayList<>();
        body.path("allowed_endpoints").forEach(e -> endpoints.add(e.asText()));
        spec.allowedEndpoints(endpoints);
        if (body.hasNonNull("rpm")) {
            spec.rpm(positive(body, "rpm"));
        }
        if (body.hasNonNull("tpm")) {
            spec.tpm(positive(body, "tpm"));
        }
        JsonNode budget = body.path("budget");
        if (budget.isObject()) {
            try {
                spec.budget(new Budget(
                        new BigDecimal(budget.path("usd").asText()),
                        Period.parse(budget.path("window").asText("month")),
                        Budget.Action.parse(budget.path("on_exceed").asText("reject")),
                        Optional.ofNullable(
                                budget.hasNonNull("webhook")
                                        ? URI.create(budget.path("webhook").asText())
                                        : null)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ApiError.invalidRequest("Invalid budget: " + e.getMessage(), "budget"));
            }
        }
        KeySpec built;
        try {
            built = spec.build();
        } catch (IllegalArgumentException invalid) {
            // a name or an allowed endpoint of the wrong form: the caller's to fix
            throw new ApiException(ApiError.invalidRequest(
                    invalid.getMessage(), invalid.getMessage().contains("key name") ? "name" : "allowed_endpoints"));
        }
        KeyService service = keys();
        CreatedKey created;
        try {
            created = service.create(built);
        } catch (IllegalArgumentException taken) {
            throw new ApiException(ApiError.of(
                    409,
                    "invalid_request_error",
                    "key_name_taken",
                    taken.getMessage() + ": revoke that key first, or pick another name."));
        }
        ObjectNode json = keyJson(created.key());
        json.put("key", created.secret());
        send(exchange, 201, json);
    }

    private static long positive(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.canConvertToLong() || value.asLong() < 1) {
            throw new ApiException(ApiError.invalidRequest(field + " must be a positive integer", field));
        }
        return value.asLong();
    }

    private void list(Exchange exchange, RequestScope scope) {
        ObjectNode json = Json.object();
        ArrayNode list = json.putArray("keys");
        keys().list().forEach(k -> list.add(keyJson(k)));
        send(exchange, 200, json);
    }

    private void revoke(Exchange exchange, RequestScope scope) {
        String id = id(exchange);
        if (keys().find(id).isEmpty()) {
            throw notFound(id);
        }
        try {
            send(exchange, 200, keyJson(keys().revoke(id)));
        } catch (IllegalArgumentException alreadyRevoked) {
            throw new ApiException(
                    ApiError.of(409, "invalid_request_error", "key_revoked", alreadyRevoked.getMessage()));
        }
    }

    private void usage(Exchange exchange, RequestScope scope) {
        VirtualKey key = keys().find(id(exchange)).orElseThrow(() -> notFound(id(exchange)));
        KeyUsage usage = limiter.usage(key);
        ObjectNode json = Json.object();
        json.put("key_id", key.id());
        json.put("requests_this_minute", usage.requests());
        json.put("tokens_this_minute", usage.tokens());
        json.put("spend_usd", usage.spend().toPlainString());
        send(exchange, 200, json);
    }

    private void reload(Exchange exchange, RequestScope scope) {
        if (reloader == null) {
            throw new ApiException(ApiError.of(
                    409,
                    "invalid_request_error",
                    "no_config_file",
                    "This gateway runs without a configuration file (start it with --config FILE)."));
        }
        ReloadOutcome outcome = reloader.get();
        ObjectNode json = Json.object();
        json.put("status", outcome.status().name().toLowerCase(java.util.Locale.ROOT));
        json.put("config", outcome.config());
        json.put("message", outcome.message());
        ArrayNode problems = json.putArray("problems");
        for (ConfigProblem p : outcome.problems()) {
            problems.addObject().put("path", p.path()).put("message", p.message());
        }
        send(exchange, outcome.status() == ReloadOutcome.Status.REJECTED ? 422 : 200, json);
    }

    private String id(Exchange exchange) {
        return exchange.pathParameter("id").orElseThrow();
    }

    private static ApiException notFound(String id) {
        return new ApiException(ApiError.of(404, "invalid_request_error", "key_not_found", "No key '" + id + "'"));
    }

    private static ObjectNode keyJson(VirtualKey k) {
        ObjectNode json = Json.object();
        json.put("id", k.id());
        json.put("name", k.name());
        json.put("prefix", k.prefix());
        ArrayNode endpoints = json.putArray("allowed_endpoints");
        k.allowedEndpoints().forEach(endpoints::add);
        k.rpm().ifPresent(v -> json.put("rpm", v));
        k.tpm().ifPresent(v -> json.put("tpm", v));
        k.budget()
                .ifPresent(b -> json.putObject("budget")
                        .put("usd", b.usd().toPlainString())
                        .put("window", b.window().key())
                        .put("on_exceed", b.onExceed().key()));
        json.put("created", k.created().toString());
        k.revoked().ifPresent(r -> json.put("revoked", r.toString()));
        return json;
    }

    private static void send(Exchange exchange, int status, JsonNode json) {
        exchange.send(status, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
