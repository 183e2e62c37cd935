package io.mlflowlite.gateway;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-wide {@link Gateway} shared by the static {@code Mlflowlite} facade and by the layers above
 * {@code core} that need "the gateway" when their caller named none (evaluation judges, agents). It is created
 * from the environment on first use ({@link Gateway#fromEnv()}) unless one was given to {@link #set}, and
 * carries the global call defaults ({@link #setTimeout}, {@link #setMaxRetries}, {@link #setFallbackModels})
 * that apply to requests which did not set their own. Thread-safe.
 */
public final class SharedGateway {
    private static final AtomicReference<Gateway> GATEWAY = new AtomicReference<>();
    private static final AtomicReference<Defaults> DEFAULTS = new AtomicReference<>(new Defaults(null, null, null));

    private record Defaults(Duration timeout, Integer maxRetries, List<String> fallbackModels) {}

    private SharedGateway() {}

    /** The shared gateway, created from the environment on first use. */
    public static Gateway get() {
        Gateway gateway = GATEWAY.get();
        if (gateway == null) {
            Gateway created = Gateway.fromEnv();
            if (GATEWAY.compareAndSet(null, created)) {
                return created;
            }
            created.close();
            gateway = GATEWAY.get();
        }
        return gateway;
    }

    /** Replaces the shared gateway (closing the previous one once replaced); null returns to the default. */
    public static void set(Gateway gateway) {
        Gateway previous = GATEWAY.getAndSet(gateway);
        if (previous != null && previous != gateway) {
            previous.close();
        }
    }

    /** Sends {@code request} through the shared gateway with the global defaults filled in. */
    public static ChatResponse completion(ChatRequest request) {
        return get().completion(withDefaults(request));
    }

    /** Sets the per-attempt timeout of calls that do not set their own; null removes it. */
    public static void setTimeout(Duration timeout) {
        if (timeout != null && !timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        DEFAULTS.updateAndGet(d -> new Defaults(timeout, d.maxRetries, d.fallbackModels));
    }

    /** Sets the retries per model of calls that do not set their own. */
    public static void setMaxRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        DEFAULTS.updateAndGet(d -> new Defaults(d.timeout, maxRetries, d.fallbackModels));
    }

    /** Sets the fallback models of calls that do not name their own; null removes them. */
    public static void setFallbackModels(List<String> models) {
        List<String> copy = models == null ? null : List.copyOf(models);
        DEFAULTS.updateAndGet(d -> new Defaults(d.timeout, d.maxRetries, copy));
    }

    /** {@code request} with the global defaults filled in where it left them unset. */
    public static ChatRequest withDefaults(ChatRequest request) {
        Defaults d = DEFAULTS.get();
        if (d.timeout == null && d.maxRetries == null && d.fallbackModels == null) {
            return request;
        }
        ChatRequest.Builder builder = request.toBuilder();
        if (request.timeout() == null && d.timeout != null) {
            builder.timeout(d.timeout);
        }
        if (request.maxRetries() == null && d.maxRetries != null) {
            builder.maxRetries(d.maxRetries);
        }
        if (request.fallbackModels() == null && d.fallbackModels != null) {
            builder.fallbackModels(d.fallbackModels);
        }
        return builder.build();
    }
}
