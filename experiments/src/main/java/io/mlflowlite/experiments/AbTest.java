package io.mlflowlite.experiments;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Message;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.routing.Destination;
import io.mlflowlite.routing.Endpoint;
import io.mlflowlite.routing.ModelSpec;
import io.mlflowlite.routing.Route;
import io.mlflowlite.routing.RoutingConfig;
import io.mlflowlite.tracing.TraceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An A/B test made from the library: a route of the gateway (named like the test) whose {@code experiment}
 * strategy assigns each unit a variant, so {@link #run} and any client calling the route's name through the
 * gateway server go through the same assignment, the same pipeline and the same traces. Each variant is an
 * endpoint {@code <test>.<variant>} (its model, prompt and parameters). The test's state lives in the experiment
 * store, so it survives restarts and every replica shares it. Thread-safe.
 */
public final class AbTest {
    private final Gateway gateway;
    private final ExperimentRuntime runtime;
    private final String name;

    private AbTest(Gateway gateway, ExperimentRuntime runtime, String name) {
        this.gateway = gateway;
        this.runtime = runtime;
        this.name = name;
    }

    /**
     * Creates the test (or takes up the stored one of that name when its variants are the same) and adds its
     * route and endpoints to {@code gateway}'s configuration. The gateway must use {@code runtime}'s store for its
     * {@code experiment} strategy: the gateway's environment's store, as {@link ExperimentRuntime#shared} opens it.
     *
     * @throws IllegalArgumentException when the variants are invalid, or a stored test of that name differs
     */
    public static AbTest create(
            Gateway gateway, ExperimentRuntime runtime, String name, Unit unit, List<AbVariant> variants) {
        if (variants.size() < 2) {
            throw new IllegalArgumentException("An A/B test needs at least two variants, the control first");
        }
        List<Variant> arms = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        List<Integer> weights = weights(variants);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            AbVariant v = variants.get(i);
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("Two variants are called '" + v.name() + "'");
            }
            String endpoint = name + "." + v.name();
            String[] key = gateway.resolve(v.model()).key().split("/", 2);
            endpoints.add(Endpoint.builder(endpoint)
                    .model(ModelSpec.of(key[0], key[1]))
                    .prompt(v.prompt())
                    .defaults(v.params())
                    .build());
            arms.add(new Variant(v.name(), endpoint, weights.get(i)));
        }
        java.time.Instant now = Clock.systemUTC().instant();
        Experiment wanted = new Experiment(name, name, unit, arms, Experiment.Status.RUNNING, null, 0, now, now, 1);
        Experiment stored = runtime.store().get(name).orElse(null);
        if (stored == null) {
            runtime.store().create(wanted, Experiments.created(wanted, "library"));
        } else if (!stored.variants().stream()
                .map(v -> v.name() + "=" + v.destination())
                .toList()
                .equals(arms.stream().map(v -> v.name() + "=" + v.destination()).toList())) {
            throw new IllegalArgumentException("An experiment called '" + name + "' exists with variants "
                    + Experiments.describe(stored.variants()) + "; give this test another name");
        }
        runtime.reload();
        List<Destination> destinations =
                arms.stream().map(v -> Destination.of(v.destination(), 0)).toList();
        Route route = new Route(
                name,
                io.mlflowlite.routing.EndpointType.CHAT,
                destinations,
                ExperimentStrategyProvider.NAME,
                Json.object().put("experiment", name).put("unit", unit.label()));
        RoutingConfig current = gateway.routing();
        Set<String> replaced = new HashSet<>();
        endpoints.forEach(e -> replaced.add(e.name()));
        List<Endpoint> allEndpoints = new ArrayList<>(current.endpoints().stream()
                .filter(e -> !replaced.contains(e.name()))
                .toList());
        allEndpoints.addAll(endpoints);
        List<Route> allRoutes = new ArrayList<>(
                current.routes().stream().filter(r -> !r.name().equals(name)).toList());
        allRoutes.add(route);
        gateway.reconfigure(new RoutingConfig(allEndpoints, allRoutes, current.version(), current.onlineScoring()));
        return new AbTest(gateway, runtime, name);
    }

    /** Shares in basis points: the given percents, and what they leave shared equally by the others. */
    private static List<Integer> weights(List<AbVariant> variants) {
        double given = 0;
        int unset = 0;
        for (AbVariant v : variants) {
            if (v.percent() == null) {
                unset++;
            } else if (v.percent() < 0 || v.percent() > 100) {
                throw new IllegalArgumentException(
                        "Variant '" + v.name() + "' percent must be 0 to 100, got " + v.percent());
            } else {
                given += v.percent();
            }
        }
        int givenBps = (int) Math.round(given * 100);
        if (givenBps > Variant.ALL || (unset == 0 && givenBps != Variant.ALL)) {
            throw new IllegalArgumentException("The variants' percents add up to " + given + ", not 100");
        }
        int left = Variant.ALL - givenBps;
        List<Integer> bps = new ArrayList<>();
        int unsetSeen = 0;
        for (AbVariant v : variants) {
            if (v.percent() != null) {
                bps.add((int) Math.round(v.percent() * 100));
            } else {
                unsetSeen++;
                bps.add(left / unset + (unsetSeen <= left % unset ? 1 : 0));
            }
        }
        return bps;
    }

    /** The test's name (its route's and its experiment's). */
    public String name() {
        return name;
    }

    /** The test as this process last read it from the store. */
    public Experiment experiment() {
        return runtime.current(name)
                .orElseThrow(() -> new IllegalStateException("Experiment '" + name + "' is no longer stored"));
    }

    /**
     * The report so far, from the traces of the test's calls in the gateway's trace store (calls still queued for
     * the store are flushed first, for up to five seconds).
     *
     * @throws IllegalStateException when the gateway keeps no traces (tracing off)
     */
    public ExperimentReport report() {
        gateway.tracing().flush(java.time.Duration.ofSeconds(5));
        TraceStore traces = gateway.tracing()
                .store()
                .orElseThrow(() -> new IllegalStateException(
                        "The gateway keeps no traces, so the test has nothing to report: turn tracing on"));
        return ExperimentReport.of(experiment(), traces);
    }

    /** Prints {@link #report()} to standard output as tables. */
    public void printReport() {
        report().print(new java.io.PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Pauses, resumes, promotes ({@code variant} null: the second variant) or rolls back the test, recorded as a
     * transition by {@code library}; every gateway sharing the store follows within its refresh interval.
     */
    public Experiment apply(ExperimentControl.Action action, String variant, String reason) {
        Experiment changed = new ExperimentControl(runtime.store(), Clock.systemUTC())
                .apply(name, action, variant, "library", reason);
        runtime.applied(changed);
        return changed;
    }

    /** Sends {@code messages} as a call of its own (no unit key): the variant is drawn for this call. */
    public AbResult run(List<Message> messages) {
        return run(null, messages);
    }

    /**
     * Sends {@code messages} for the unit {@code unitKey} (a user or session id, as the test's {@link Unit}
     * says): the same key always gets the same variant while the weights stay.
     */
    public AbResult run(String unitKey, List<Message> messages) {
        ChatRequest.Builder request = ChatRequest.builder().model(name).messages(messages);
        if (unitKey != null) {
            Unit unit = experiment().unit();
            if (unit == Unit.SESSION) {
                request.metadata("session_id", unitKey);
            } else {
                request.user(unitKey);
            }
        }
        ChatResponse response = gateway.completion(request.build());
        return new AbResult(response.labels().getOrDefault("variant", ""), response);
    }
}
