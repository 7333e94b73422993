package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.EventType;

import java.util.function.Consumer;

/**
 * supervisord's {@code tick()}: TICK_5, TICK_60 and TICK_3600 when the wall clock enters a new time slice of that
 * period ({@code when} = the slice's start, {@code int(now - now % period)}); the first look only records the
 * slices. Instead of looking once a second, the owner thread is woken just after each 5 s boundary, and only while
 * some listener pool exists (a pool added later gets its first TICK at the next boundary either way).
 */
final class Ticker {
    private static final EventType[] TYPES = {EventType.TICK_5, EventType.TICK_60, EventType.TICK_3600};
    private static final long[] PERIODS = {5, 60, 3600};

    private final OwnerLoop owner;
    private final Consumer<BusEvent> publish;
    private final java.util.function.BooleanSupplier wanted;
    private final long[] last = new long[PERIODS.length];
    private boolean started;

    Ticker(OwnerLoop owner, Consumer<BusEvent> publish, java.util.function.BooleanSupplier wanted) {
        this.owner = owner;
        this.publish = publish;
        this.wanted = wanted;
    }

    /** Starts ticking if some pool wants it and the ticker is not already running. */
    void start() {
        if (started || !wanted.getAsBoolean()) return;
        started = true;
        java.util.Arrays.fill(last, 0);
        tick();
    }

    private void tick() {
        if (!wanted.getAsBoolean()) {
            started = false;
            return;
        }
        long nowMillis = System.currentTimeMillis();
        long now = nowMillis / 1000;
        for (int i = 0; i < PERIODS.length; i++) {
            long slice = now - now % PERIODS[i];
            if (last[i] != 0 && slice != last[i]) publish.accept(new BusEvent.Tick(TYPES[i], slice));
            last[i] = slice;
        }
        long next = (now - now % 5 + 5) * 1000;
        owner.schedule((next - nowMillis + 2) * 1_000_000L, this::tick);
    }
}
