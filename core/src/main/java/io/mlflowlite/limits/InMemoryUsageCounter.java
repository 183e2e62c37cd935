package io.mlflowlite.limits;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counters in this process's memory: the default for a single gateway and for the library. Thread-safe and
 * lock-free on the hot path (a map lookup and an atomic add); never blocks.
 *
 * <p>Memory stays bounded by keeping, per subject and counter kind, only the newest window used: when a new
 * window starts, the previous one is forgotten, as the {@link UsageCounter} contract allows, and an add to an
 * older window counts from zero without keeping anything.
 */
public final class InMemoryUsageCounter implements UsageCounter {
    private final Map<CellKey, Cell> cells = new ConcurrentHashMap<>();

    private record CellKey(String subject, String kind) {}

    private static final class Cell {
        final long start;
        final AtomicLong count = new AtomicLong();
        final AtomicReference<BigDecimal> spend = new AtomicReference<>(BigDecimal.ZERO);

        Cell(long start) {
            this.start = start;
        }
    }

    @Override
    public long add(String subject, Meter meter, Window window, long delta) {
        countable(meter);
        Cell cell = cell(subject, meter.kind(window.period()), window, true);
        return cell == null ? delta : cell.count.addAndGet(delta);
    }

    @Override
    public long get(String subject, Meter meter, Window window) {
        countable(meter);
        Cell cell = cell(subject, meter.kind(window.period()), window, false);
        return cell == null ? 0 : cell.count.get();
    }

    @Override
    public BigDecimal addSpend(String subject, Window window, BigDecimal usd) {
        Cell cell = cell(subject, Meter.SPEND.kind(window.period()), window, true);
        return cell == null ? usd : cell.spend.accumulateAndGet(usd, BigDecimal::add);
    }

    @Override
    public boolean reserveSpend(String subject, Window window, BigDecimal usd, BigDecimal limit) {
        Cell cell = cell(subject, Meter.SPEND.kind(window.period()), window, true);
        if (cell == null) {
            return usd.compareTo(limit) <= 0; // a window older than the one kept counts from zero, keeping nothing
        }
        while (true) {
            BigDecimal before = cell.spend.get();
            BigDecimal after = before.add(usd);
            if (after.compareTo(limit) > 0) {
                return false;
            }
            if (cell.spend.compareAndSet(before, after)) {
                return true;
            }
        }
    }

    @Override
    public BigDecimal spend(String subject, Window window) {
        Cell cell = cell(subject, Meter.SPEND.kind(window.period()), window, false);
        return cell == null ? BigDecimal.ZERO : cell.spend.get();
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public String describe() {
        return "memory";
    }

    /** Nothing to release: the counts stay, so several holders may share one instance. */
    @Override
    public void close() {}

    /** The cell of {@code window}, created (replacing an older one) if asked; null when a newer window is kept. */
    private Cell cell(String subject, String kind, Window window, boolean create) {
        Objects.requireNonNull(subject, "subject");
        CellKey key = new CellKey(subject, kind);
        long start = window.start().toEpochMilli();
        Cell cell = cells.get(key);
        if (cell != null && cell.start == start) {
            return cell;
        }
        if (cell != null && cell.start > start || !create) {
            return null;
        }
        Cell current = cells.compute(key, (k, old) -> old == null || old.start < start ? new Cell(start) : old);
        return current.start == start ? current : null;
    }

    private static void countable(Meter meter) {
        if (meter == Meter.SPEND) {
            throw new IllegalArgumentException("Spend is counted in dollars: use addSpend and spend");
        }
    }
}
