package io.mlflowlite.limits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a key's budget webhook once per budget window, across every replica sharing the usage counter, without
 * ever holding up a call. Thread-safe.
 *
 * <p>Once per window: this process remembers the windows it already handled, so only the first call past the
 * budget does anything; that call, in the background, counts {@link Meter#ALERTS} in the shared counter, and only
 * the replica that counts 1 posts. If the post fails it is not retried (the failure is counted): a webhook that
 * is down should not be hammered by every call of an over-budget key.
 */
final class BudgetAlerts {
    private final UsageCounter counter;
    private final HttpClient http;
    private final Duration timeout;
    private final Background background;
    private final Map<String, Instant> handled = new ConcurrentHashMap<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    BudgetAlerts(UsageCounter counter, HttpClient http, Duration timeout, Background background) {
        this.counter = counter;
        this.http = http;
        this.timeout = timeout;
        this.background = background;
    }

    /** {@code key} has spent {@code spent}, at least its budget, in {@code window}: alert if nobody did yet. */
    void reached(VirtualKey key, Budget budget, Window window, BigDecimal spent, Instant now) {
        if (budget.webhook().isEmpty()) {
            return;
        }
        String memo = key.id() + "@" + window.start().toEpochMilli();
        if (handled.putIfAbsent(memo, window.end()) != null) {
            return;
        }
        handled.values().removeIf(end -> !end.isAfter(now));
        URI webhook = budget.webhook().get();
        background.run(() -> {
            if (counter.add(key.id(), Meter.ALERTS, window, 1) == 1) {
                post(webhook, payload(key, budget, window, spent, now));
            }
        });
    }

    private void post(URI webhook, String body) {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("user-agent", "mlflowlite")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            (status / 100 == 2 ? sent : failed).incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            failed.incrementAndGet();
            Thread.currentThread().interrupt();
        }
    }

    /** The webhook's JSON body; documented in docs/keys-and-limits.md. */
    static String payload(VirtualKey key, Budget budget, Window window, BigDecimal spent, Instant now) {
        ObjectNode body = Json.object();
        body.put("type", "budget.exceeded");
        body.put("key_id", key.id());
        body.put("key_name", key.name());
        body.put("budget_usd", budget.usd().toPlainString());
        body.put("spent_usd", spent.toPlainString());
        body.put("window", budget.window().key());
        body.put("window_start", window.start().toString());
        body.put("window_end", window.end().toString());
        body.put("action", budget.onExceed().key());
        body.put("time", now.toString());
        return body.toString();
    }
}
