package io.corridor.supervisor.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition every few milliseconds up to a generous deadline. */
final class Wait {
    private Wait() {}

    static void until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + timeout);
            sleepBriefly();
        }
    }

    static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
