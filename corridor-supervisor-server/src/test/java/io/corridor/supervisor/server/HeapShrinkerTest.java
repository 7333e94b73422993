package io.corridor.supervisor.server;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class HeapShrinkerTest {
    private static final long MB = 1 << 20;

    private final AtomicLong heap = new AtomicLong(8 * MB);
    private final AtomicLong used = new AtomicLong(5 * MB);
    private final AtomicInteger collections = new AtomicInteger();
    private final HeapShrinker shrinker = new HeapShrinker(heap::get, used::get, () -> {
        collections.incrementAndGet();
        heap.set(11 * MB); // what survives, at the launcher's free ratio
        used.set(8 * MB);
    });

    @Test
    void collectsOnceTheGrowthHasSettled() {
        heap.set(14 * MB);
        shrinker.run(); // grew since the last look: still busy
        assertThat(collections).hasValue(0);
        heap.set(17 * MB);
        shrinker.run();
        assertThat(collections).hasValue(0);
        shrinker.run(); // unchanged for a period: the burst is over
        assertThat(collections).hasValue(1);
        assertThat(heap.get()).isEqualTo(11 * MB);
        shrinker.run();
        shrinker.run();
        assertThat(collections).as("nothing grew since").hasValue(1);
    }

    @Test
    void aServerThatKeepsAllocatingIsLeftAloneUntilItStops() {
        heap.set(17 * MB);
        shrinker.run();
        for (int i = 0; i < 5; i++) {
            used.addAndGet(HeapShrinker.IDLE_ALLOCATION); // the heap's size is steady, but a client keeps it busy
            shrinker.run();
        }
        assertThat(collections).hasValue(0);
        used.addAndGet(HeapShrinker.IDLE_ALLOCATION / 2);
        shrinker.run();
        assertThat(collections).hasValue(1);
    }

    @Test
    void smallGrowthIsLeftAlone() {
        heap.set(8 * MB + HeapShrinker.GROWTH - 1);
        for (int i = 0; i < 5; i++) shrinker.run();
        assertThat(collections).hasValue(0);
    }

    @Test
    void growthIsCountedFromTheLastCollection() {
        heap.set(20 * MB);
        shrinker.run();
        shrinker.run();
        assertThat(collections).hasValue(1); // now 11 MiB
        heap.set(11 * MB + HeapShrinker.GROWTH - 1);
        shrinker.run();
        shrinker.run();
        assertThat(collections).hasValue(1);
        heap.set(11 * MB + HeapShrinker.GROWTH);
        shrinker.run();
        shrinker.run();
        assertThat(collections).hasValue(2);
    }
}
