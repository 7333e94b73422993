package io.corridor.supervisor.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** On a virtual clock that each item advances by 1 ms: slices of 5 ms, and what was queued meanwhile runs between. */
class SlicedSweepTest {
    private final ExecutorService sweeper = Executors.newSingleThreadExecutor();
    private final AtomicLong nanos = new AtomicLong();

    @AfterEach
    void stop() throws InterruptedException {
        sweeper.shutdownNow();
        assertThat(sweeper.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTaskQueuedDuringASweepRunsAfterOneSliceAndTheResultsKeepTheirOrder() throws Exception {
        List<Integer> items = IntStream.range(0, 20).boxed().toList();
        List<String> ran = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CountDownLatch gate = new CountDownLatch(1);
        sweeper.execute(() -> await(gate));                        // holds the thread while both are queued
        CompletableFuture<List<Integer>> sweep = SlicedSweep.run(items, i -> {
            ran.add("item " + i);
            nanos.addAndGet(1_000_000);
            return i * 10;
        }, sweeper, 5_000_000, nanos::get);
        CompletableFuture<Void> one = CompletableFuture.runAsync(() -> ran.add("one tree"), sweeper);
        gate.countDown();

        assertThat(sweep.get(30, TimeUnit.SECONDS)).isEqualTo(items.stream().map(i -> i * 10).toList());
        one.get(30, TimeUnit.SECONDS);
        assertThat(ran.indexOf("one tree")).as("after the first slice of five items, not after all twenty").isEqualTo(5);
    }

    @Test
    void anEmptyListAndAFailingItemComplete() throws Exception {
        assertThat(SlicedSweep.run(List.<Integer>of(), i -> i, sweeper, 5_000_000, nanos::get).get(30, TimeUnit.SECONDS))
                .isEmpty();
        CompletableFuture<List<Integer>> failing = SlicedSweep.run(List.of(1, 2), i -> {
            if (i == 2) throw new IllegalStateException("unreadable");
            return i;
        }, sweeper, 5_000_000, nanos::get);
        assertThat(failing).failsWithin(30, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("unreadable");
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
