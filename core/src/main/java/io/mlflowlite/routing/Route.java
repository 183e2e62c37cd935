package io.mlflowlite.routing;

import java.util.List;

/**
 * A traffic split, MLflow's {@code routes:} entry: calls to the route's name go to one of its destination
 * endpoints, chosen per call in proportion to the destinations' percentages (by the gateway's
 * {@link TrafficSplitter}). Immutable.
 *
 * @param name         what apps call, like an endpoint name
 * @param taskType     the type every destination endpoint has (MLflow's {@code task_type})
 * @param destinations the endpoints and their shares; percentages add up to 100
 */
public record Route(String name, EndpointType taskType, List<Destination> destinations) {
    public Route {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }

    /** A chat route splitting traffic over {@code destinations}. */
    public static Route split(String name, Destination... destinations) {
        return new Route(name, EndpointType.CHAT, List.of(destinations));
    }

    /**
     * The destination owning {@code percentile} (0 to 99) when the destinations' percentages are laid end to
     * end in order: with 70/30, percentiles 0-69 pick the first and 70-99 the second. A destination with 0%
     * is never picked. Splitters map a random number (or, for sticky assignment, a hash) to a percentile.
     */
    public Destination destinationAt(int percentile) {
        if (percentile < 0 || percentile > 99) {
            throw new IllegalArgumentException("percentile must be 0 to 99, was " + percentile);
        }
        int upTo = 0;
        for (Destination destination : destinations) {
            upTo += destination.trafficPercentage();
            if (percentile < upTo) {
                return destination;
            }
        }
        throw new IllegalStateException("Route '" + name + "' has percentages adding up to " + upTo + ", not 100");
    }
}
