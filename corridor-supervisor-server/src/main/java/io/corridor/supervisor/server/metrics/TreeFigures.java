package io.corridor.supervisor.server.metrics;

import io.corridor.supervisor.ProcessUsage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The process trees' CPU and memory figures that {@code /metrics} serves. Measuring them reads every live tree's
 * cgroup or {@code /proc} files (hundreds of milliseconds of CPU for a thousand processes), so a scrape does not
 * measure them itself: it serves the last figures while they are at most {@link #FRESH_NANOS} old; older but at
 * most {@link #USABLE_NANOS} old, it still serves them and starts one new measurement for the next scrape; with none
 * or older ones, it waits for that measurement. Figures are stamped with when their measurement started, so what a
 * scrape serves was measured at most {@link #USABLE_NANOS} before it. The measurement runs wherever {@code measure}
 * runs it (the engine's sweeper thread), never on the caller's.
 */
final class TreeFigures {
    static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long USABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private record Measured(Map<String, ProcessUsage> byNamespec, long startedNanos) {}

    private final Supplier<CompletableFuture<List<ProcessUsage>>> measure;
    private final LongSupplier clock;
    private Measured last;                              // guarded by this
    private CompletableFuture<Measured> underWay;       // guarded by this

    TreeFigures(Supplier<CompletableFuture<List<ProcessUsage>>> measure, LongSupplier clock) {
        this.measure = measure;
        this.clock = clock;
    }

    /** Figures by namespec, as described above; a process missing from them had no live tree when measured. */
    synchronized CompletableFuture<Map<String, ProcessUsage>> figures() {
        long now = clock.getAsLong();
        Measured known = last;
        if (known != null && now - known.startedNanos() <= FRESH_NANOS) {
            return CompletableFuture.completedFuture(known.byNamespec());
        }
        CompletableFuture<Measured> next = measureOnce(now);
        if (known != null && now - known.startedNanos() <= USABLE_NANOS) {
            return CompletableFuture.completedFuture(known.byNamespec());
        }
        return next.thenApply(Measured::byNamespec);
    }

    /** The measurement under way, or a new one; at most one at a time. */
    private CompletableFuture<Measured> measureOnce(long now) {
        if (underWay != null) return underWay;
        CompletableFuture<Measured> m = measure.get().thenApply(list -> new Measured(byNamespec(list), now));
        underWay = m;
        m.whenComplete((done, error) -> finished(m, done));   // may run at once, hence after the assignment
        return m;
    }

    private synchronized void finished(CompletableFuture<Measured> m, Measured done) {
        if (done != null && (last == null || done.startedNanos() >= last.startedNanos())) last = done;
        if (underWay == m) underWay = null;
    }

    private static Map<String, ProcessUsage> byNamespec(List<ProcessUsage> usage) {
        Map<String, ProcessUsage> map = HashMap.newHashMap(usage.size());
        for (ProcessUsage u : usage) map.put(u.namespec(), u);
        return java.util.Collections.unmodifiableMap(map);
    }
}
