package io.mlflowlite.limits;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A key's usage in its current windows, for admin tools; counters the key has no limit for are not read and show
 * as zero.
 *
 * @param requests     requests counted this minute (refused ones included)
 * @param tokens       tokens counted this minute (reservations of calls in flight included)
 * @param minute       the current minute window
 * @param spend        dollars spent in the current budget window; zero without a budget
 * @param budgetWindow the current budget window; empty without a budget
 */
public record KeyUsage(long requests, long tokens, Window minute, BigDecimal spend, Optional<Window> budgetWindow) {}
