package io.mlflowlite.routing;

import io.mlflowlite.chat.ChatRequest;

/**
 * Decides which destination serves each call to one route: a smart router measuring the request, an A/B test
 * assigning the caller a variant. The plain traffic split needs none (the gateway's {@link TrafficSplitter}
 * does it). A {@link RouteStrategyProvider} creates one per route when a configuration is compiled; calls to
 * the route then ask it once per call, before the call's pipeline runs.
 *
 * <p>Contract: thread-safe (called concurrently by every call), fast, no blocking I/O on the call path (keep
 * shared state in memory and refresh it in the background), and it returns one of the route's destinations —
 * or, for a strategy serving calls that named no route ({@code Gateway.smartCompletion}), a model name.
 * Throwing fails the call with that error.
 */
@FunctionalInterface
public interface RouteStrategy {
    /** Where {@code request} goes, and why. */
    RouteDecision decide(ChatRequest request);
}
