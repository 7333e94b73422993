package io.corridor.supervisor.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Maps a list on a single-threaded executor in slices of at most {@code sliceNanos} (at least one item each), queuing
 * the rest behind whatever was queued meanwhile. Measuring a thousand process trees takes hundreds of milliseconds
 * on the sweeper thread; sliced, a request for one tree waits for one slice, not the whole sweep.
 */
final class SlicedSweep<T, R> {
    private final List<T> items;
    private final Function<T, R> each;
    private final Executor executor;
    private final long sliceNanos;
    private final LongSupplier nanoClock;
    private final List<R> out;
    private final CompletableFuture<List<R>> done = new CompletableFuture<>();
    private int next;

    private SlicedSweep(List<T> items, Function<T, R> each, Executor executor, long sliceNanos, LongSupplier nanoClock) {
        this.items = items;
        this.each = each;
        this.executor = executor;
        this.sliceNanos = sliceNanos;
        this.nanoClock = nanoClock;
        this.out = new ArrayList<>(items.size());
    }

    /** The results in the items' order; fails with whatever {@code each} or the executor threw. */
    static <T, R> CompletableFuture<List<R>> run(List<T> items, Function<T, R> each, Executor executor,
                                                  long sliceNanos, LongSupplier nanoClock) {
        SlicedSweep<T, R> sweep = new SlicedSweep<>(items, each, executor, sliceNanos, nanoClock);
        executor.execute(sweep::slice);   // rejected at once, as a direct submission would be
        return sweep.done;
    }

    private void slice() {
        try {
            long start = nanoClock.getAsLong();
            do {
                if (next == items.size()) {
                    done.complete(out);
                    return;
                }
                out.add(each.apply(items.get(next++)));
            } while (nanoClock.getAsLong() - start < sliceNanos);
            executor.execute(this::slice);
        } catch (Throwable t) {
            done.completeExceptionally(t);
        }
    }
}
