package io.mlflowlite.routing;

/**
 * One destination of a {@link Route}: an endpoint and the share of the route's traffic it receives. Immutable.
 *
 * @param name              the endpoint's name
 * @param trafficPercentage 0 to 100; a route's destinations add up to 100
 */
public record Destination(String name, int trafficPercentage) {
    /** {@code trafficPercentage} percent of a route's calls go to {@code endpoint}. */
    public static Destination of(String endpoint, int trafficPercentage) {
        return new Destination(endpoint, trafficPercentage);
    }
}
