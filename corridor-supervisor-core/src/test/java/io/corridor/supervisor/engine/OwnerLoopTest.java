package io.corridor.supervisor.engine;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.Futures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a long operation yields between its slices ({@link OwnerLoop#callAfterPending}): after the requests queued
 * meanwhile and after the timers that fell due, so neither waits for the whole operation; and never left hanging when
 * the loop ends first.
 */
class OwnerLoopTest {
    private final OwnerLoop owner = new OwnerLoop("test-owner", t -> { throw new AssertionError(t); }, c -> { });

    @Test
    void aYieldingSliceRunsAfterQueuedRequestsAndDueTimers() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<Void> lastSlice = new CompletableFuture<>();
        owner.start();
        owner.post(() -> {
            // slice 1: a timer falls due and a request arrives while it works; then it yields
            ran.add("slice 1");
            owner.schedule(0, () -> ran.add("timer"));
            await(gate);
            owner.callAfterPending(() -> {
                ran.add("slice 2");
                return null;
            }).thenRun(() -> lastSlice.complete(null));
        });
        owner.post(() -> ran.add("request"));
        gate.countDown();
        lastSlice.get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("slice 1", "request", "timer", "slice 2");
        owner.stop();
        owner.join(10_000);
    }

    @Test
    void aSliceStillPendingWhenTheLoopEndsIsRefused() throws Exception {
        CompletableFuture<CompletableFuture<Object>> pending = new CompletableFuture<>();
        owner.start();
        owner.post(() -> {
            pending.complete(owner.callAfterPending(() -> "ran"));
            owner.stop();
            // the stop is handled in this same drain of the queue, before any deadline runs
        });
        CompletableFuture<Object> slice = pending.get(10, TimeUnit.SECONDS);
        assertThat(slice).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .satisfies(e -> assertThat(Futures.isFault(e, Fault.SHUTDOWN_STATE)).as(String.valueOf(e)).isTrue());
        owner.join(10_000);
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
