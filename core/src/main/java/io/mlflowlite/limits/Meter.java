package io.mlflowlite.limits;

import java.util.Locale;

/** What a usage counter counts. */
public enum Meter {
    /** Requests admitted or refused for rate limits (a refused request counts, as at OpenAI). */
    REQUESTS,
    /** Tokens: the estimate reserved at admission, corrected to the actual prompt + completion tokens after. */
    TOKENS,
    /** Budget alerts sent: the first to count 1 in a window sends the webhook, so one replica sends it once. */
    ALERTS,
    /** US dollars spent, exact; counted only with {@link UsageCounter#addSpend} and read with {@link UsageCounter#spend}. */
    SPEND;

    /** Every kind, made once: {@link #kind} is on the request path. */
    private static final String[][] KINDS = new String[values().length][Period.values().length];

    static {
        for (Meter m : values()) {
            for (Period p : Period.values()) {
                KINDS[m.ordinal()][p.ordinal()] = m.name().toLowerCase(Locale.ROOT) + ":" + p.key();
            }
        }
    }

    /** The counter's kind in stores and Redis keys: the meter and the period, such as {@code requests:minute}. */
    public String kind(Period period) {
        return KINDS[ordinal()][period.ordinal()];
    }
}
