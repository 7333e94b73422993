package io.corridor.supervisor.engine;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link Clock} that moves only when a test says so: {@link #advance} runs every deadline that falls due, in
 * order, each at its own instant. Single-threaded, like the owner loop it stands in for.
 */
final class VirtualTime implements Clock {
    private static final long EPOCH_MILLIS = 1_800_000_000_000L;

    private long nowNanos;
    private long sequence;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();

    private final class Pending implements Comparable<Pending>, Timer {
        final long at;
        final long seq = sequence++;
        final Runnable action;
        boolean cancelled;

        Pending(long at, Runnable action) {
            this.at = at;
            this.action = action;
        }

        @Override
        public void cancel() { cancelled = true; }

        @Override
        public int compareTo(Pending o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @Override
    public long wallMillis() { return EPOCH_MILLIS + nowNanos / 1_000_000; }

    /** Virtual nanoseconds since the test began. */
    long nanos() { return nowNanos; }

    long millis() { return nowNanos / 1_000_000; }

    @Override
    public Timer after(long delayNanos, Runnable action) {
        Pending p = new Pending(nowNanos + Math.max(0, delayNanos), action);
        pending.add(p);
        return p;
    }

    /** Moves time forward by {@code d}, running what falls due on the way. */
    void advance(Duration d) {
        long end = nowNanos + d.toNanos();
        for (Pending p; (p = pending.peek()) != null && p.at <= end; ) {
            pending.poll();
            if (p.cancelled) continue;
            nowNanos = p.at;
            p.action.run();
        }
        nowNanos = end;
    }

    /** Runs the next live deadline, whenever it is. @return false if there is none */
    boolean runNext() {
        for (Pending p; (p = pending.poll()) != null; ) {
            if (p.cancelled) continue;
            nowNanos = p.at;
            p.action.run();
            return true;
        }
        return false;
    }
}
