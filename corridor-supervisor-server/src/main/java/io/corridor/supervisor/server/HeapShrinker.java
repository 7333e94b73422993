package io.corridor.supervisor.server;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Asks for one full collection once a burst of work has grown the heap and is over. With the daemon's Serial GC a
 * young collection that cannot fit what survives grows the old generation instead of collecting it, so a burst
 * (1000 children starting while a client polls getAllProcessInfo) leaves the old generation as large as everything
 * it promoted, garbage included, and only a full collection, which an idle server never has, shrinks it to the
 * launcher's free ratio. Looked at every {@link #PERIOD}: when the committed heap has grown by {@link #GROWTH} or
 * more since the last collection, and over the last period it did not change and less than {@link #IDLE_ALLOCATION}
 * was allocated (the burst is over), {@code System.gc()} (1000 children: ~5 MiB of RSS for a few ms of CPU;
 * docs/benchmarks.md). A busy server is left alone until it settles.
 */
final class HeapShrinker implements Runnable {
    static final Duration PERIOD = Duration.ofSeconds(5);
    static final long GROWTH = 4L << 20;
    /** An idle server with 1000 children allocates ~0.1 MiB per period; a client polling it, megabytes. */
    static final long IDLE_ALLOCATION = 1L << 20;

    private final LongSupplier committed;
    private final LongSupplier used;
    private final Runnable collect;
    private long afterCollection;
    private long lastSeen;
    private long lastUsed;

    /**
     * The JVM's heap, and {@code System.gc()} on a virtual thread of its own: the check runs on a Netty event loop,
     * which must not wait for a collection (with Serial GC every thread stops anyway; with a concurrent one
     * {@code System.gc()} can block its caller for the whole cycle). The next look sees the heap it left.
     */
    HeapShrinker() {
        this(Runtime.getRuntime()::totalMemory,
                () -> Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(),
                () -> Thread.ofVirtual().name("corridor-heap-shrink").start(System::gc));
    }

    HeapShrinker(LongSupplier committed, LongSupplier used, Runnable collect) {
        this.committed = committed;
        this.used = used;
        this.collect = collect;
        this.afterCollection = this.lastSeen = committed.getAsLong();
        this.lastUsed = used.getAsLong();
    }

    @Override
    public void run() {
        long now = committed.getAsLong();
        long inUse = used.getAsLong();
        // A young collection in between makes the difference large too: not idle either.
        boolean settled = now == lastSeen && Math.abs(inUse - lastUsed) < IDLE_ALLOCATION;
        lastSeen = now;
        lastUsed = inUse;
        if (now < afterCollection) afterCollection = now; // shrunk by a collection of the JVM's own
        if (settled && now - afterCollection >= GROWTH) {
            collect.run();
            afterCollection = lastSeen = committed.getAsLong();
            lastUsed = used.getAsLong();
        }
    }
}
