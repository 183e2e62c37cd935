package io.mlflowlite.limits;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A spending limit in US dollars per window, and what happens when a key reaches it.
 *
 * <p>A {@link Action#REJECT} budget holds each call's worst-case cost from admission until the call ends, then
 * replaces it with the priced cost (see {@link Limiter}); a call whose worst case does not fit in what is left is
 * refused. So concurrent calls never pass against the same remainder, and in a window the spend of its calls
 * is at most the budget plus, over the calls still running when the last one was admitted, what each cost beyond
 * its worst case: never more than the budget when no call costs more than its reservation. An {@link Action#ALERT}
 * budget (and a call admitted without a worst case) records spend only after the call, so it can be overshot by
 * the cost of the calls running when it is reached.
 *
 * @param usd      the budget per window, positive, exact
 * @param window   how often the spend starts again from zero ({@code minute}, {@code hour}, {@code day},
 *                 {@code month}, aligned in UTC)
 * @param onExceed {@link Action#REJECT} refuses calls with HTTP 429 until the window ends; {@link Action#ALERT}
 *                 keeps serving and calls the webhook
 * @param webhook  where to POST a JSON alert, once per window, when the budget is reached; required for
 *                 {@link Action#ALERT}, optional for {@link Action#REJECT}
 */
public record Budget(BigDecimal usd, Period window, Action onExceed, Optional<URI> webhook) {
    /** What a key that reached its budget gets. */
    public enum Action {
        /** Refuse every call with 429 "budget exceeded" until the window ends. */
        REJECT,
        /** Keep serving, and tell the webhook once per window. */
        ALERT;

        /** {@code reject} or {@code alert}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code reject} or {@code alert}, in any case. */
        public static Action parse(String text) {
            for (Action a : values()) {
                if (text != null && a.key().equalsIgnoreCase(text.strip())) {
                    return a;
                }
            }
            throw new IllegalArgumentException("Unknown budget action '" + text + "': use reject or alert");
        }
    }

    public Budget {
        Objects.requireNonNull(usd, "usd");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(onExceed, "onExceed");
        webhook = webhook == null ? Optional.empty() : webhook;
        if (usd.signum() <= 0) {
            throw new IllegalArgumentException("A budget must be positive, was " + usd.toPlainString() + " USD");
        }
        if (window == Period.SECOND) {
            throw new IllegalArgumentException("A budget window is a minute, hour, day or month, not a second");
        }
        if (onExceed == Action.ALERT && webhook.isEmpty()) {
            throw new IllegalArgumentException("A budget that alerts needs a webhook URL to alert");
        }
        webhook.ifPresent(Budget::checkWebhook);
    }

    /** A budget that rejects calls once reached, without a webhook. */
    public static Budget rejecting(BigDecimal usd, Period window) {
        return new Budget(usd, window, Action.REJECT, Optional.empty());
    }

    /** A budget that keeps serving once reached and POSTs an alert to {@code webhook}, once per window. */
    public static Budget alerting(BigDecimal usd, Period window, URI webhook) {
        return new Budget(usd, window, Action.ALERT, Optional.of(webhook));
    }

    private static void checkWebhook(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("A budget webhook must be an http(s) URL with a host, was " + uri);
        }
    }
}
