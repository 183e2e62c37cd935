package io.mlflowlite.server;

import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.limits.InMemoryUsageCounter;
import io.mlflowlite.limits.LimitDecision;
import io.mlflowlite.limits.Limiter;
import io.mlflowlite.limits.Period;
import io.mlflowlite.routing.Endpoint;
import io.mlflowlite.routing.RoutingConfig;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A configured endpoint's own MLflow-style {@code limit: {calls, renewal_period}}: it limits the endpoint, for
 * every caller, whether or not the server requires API keys. Read from the live routing configuration, so a
 * reload changes limits at once. With keys, {@link KeyAdmission} checks it after authenticating the caller (so
 * strangers cannot use up an endpoint's calls) with the keys' limiter; without keys, the {@link #admission}
 * wrapper checks it before any other hook, counting in the limiter it was given, or in memory (per replica).
 * Thread-safe.
 */
final class EndpointLimits implements AutoCloseable {
    private final Supplier<RoutingConfig> routing;
    private final Limiter given;
    private volatile Limiter owned;

    /**
     * @param limiter where calls are counted (shared by replicas when its counter is); null counts in memory,
     *                with a limiter made on first use and closed by {@link #close()}
     */
    EndpointLimits(Supplier<RoutingConfig> routing, Limiter limiter) {
        this.routing = routing;
        this.given = limiter;
    }

    /** Counts a call to {@code model} when it names an endpoint with a limit; throws a 429 when over it. */
    void check(String model) {
        if (model == null) {
            return;
        }
        Optional<io.mlflowlite.routing.Limit> limit =
                routing.get().endpoint(model).flatMap(Endpoint::limitIfPresent);
        if (limit.isEmpty()) {
            return;
        }
        LimitDecision decision = limiter()
                .decideEndpoint(model, limit.get().calls(), period(limit.get().renewalPeriod()));
        try {
            decision.orThrow();
        } catch (MlflowliteException refused) {
            ApiError error = ApiErrors.from(refused, "");
            for (Map.Entry<String, String> header : decision.headerMap().entrySet()) {
                error = error.withHeader(header.getKey(), header.getValue());
            }
            throw new ApiException(error);
        }
    }

    /** {@code inner} behind this endpoint limit: the server's admission when it requires no keys. */
    Admission admission(Admission inner) {
        return request -> {
            check(request.model());
            return inner.admit(request);
        };
    }

    private Limiter limiter() {
        if (given != null) {
            return given;
        }
        Limiter made = owned;
        if (made == null) {
            synchronized (this) {
                if (owned == null) {
                    owned = Limiter.of(new InMemoryUsageCounter());
                }
                made = owned;
            }
        }
        return made;
    }

    private static Period period(ChronoUnit unit) {
        return Period.parse(unit.name().toLowerCase(Locale.ROOT).replaceAll("s$", ""));
    }

    /** Closes the in-memory limiter if one was made; a given limiter belongs to its caller. */
    @Override
    public synchronized void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
