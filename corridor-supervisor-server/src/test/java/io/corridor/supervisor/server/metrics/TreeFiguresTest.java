package io.corridor.supervisor.server.metrics;

import io.corridor.supervisor.ProcessUsage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** When a scrape measures the trees, serves the last figures, or waits: driven by a hand-moved clock. */
class TreeFiguresTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<CompletableFuture<List<ProcessUsage>>> measurements = new ArrayList<>();
    private final TreeFigures trees = new TreeFigures(() -> {
        CompletableFuture<List<ProcessUsage>> m = new CompletableFuture<>();
        measurements.add(m);
        return m;
    }, clock::get);

    private static List<ProcessUsage> rss(long bytes) {
        return List.of(new ProcessUsage("p", 42, 1, bytes, 0.5, 0));
    }

    private static long rssOf(CompletableFuture<Map<String, ProcessUsage>> f) {
        return f.join().get("p").rssBytes();
    }

    @Test
    void theFirstScrapeWaitsForAMeasurementAndTheNextOnesShareIt() {
        CompletableFuture<Map<String, ProcessUsage>> first = trees.figures();
        CompletableFuture<Map<String, ProcessUsage>> second = trees.figures();
        assertThat(first).isNotDone();
        assertThat(measurements).hasSize(1);
        measurements.getFirst().complete(rss(7));
        assertThat(rssOf(first)).isEqualTo(7);
        assertThat(rssOf(second)).isEqualTo(7);
    }

    @Test
    void freshFiguresAreServedWithoutMeasuring() {
        trees.figures();
        measurements.getFirst().complete(rss(7));
        clock.addAndGet(TreeFigures.FRESH_NANOS);
        assertThat(rssOf(trees.figures())).isEqualTo(7);
        assertThat(measurements).hasSize(1);
    }

    @Test
    void olderFiguresAreServedWhileOneNewMeasurementRunsForTheNextScrape() {
        trees.figures();
        measurements.getFirst().complete(rss(7));
        clock.addAndGet(TreeFigures.FRESH_NANOS + 1);
        assertThat(rssOf(trees.figures())).isEqualTo(7);
        assertThat(rssOf(trees.figures())).isEqualTo(7);
        assertThat(measurements).hasSize(2);
        measurements.get(1).complete(rss(9));
        assertThat(rssOf(trees.figures())).isEqualTo(9);
        assertThat(measurements).hasSize(2);
    }

    @Test
    void figuresPastTheUsableAgeAreNotServed() {
        trees.figures();
        measurements.getFirst().complete(rss(7));
        clock.addAndGet(TreeFigures.USABLE_NANOS + 1);
        CompletableFuture<Map<String, ProcessUsage>> scrape = trees.figures();
        assertThat(scrape).isNotDone();
        measurements.get(1).complete(rss(9));
        assertThat(rssOf(scrape)).isEqualTo(9);
    }

    @Test
    void aFailedMeasurementFailsTheWaitingScrapeAndTheNextScrapeMeasuresAgain() {
        CompletableFuture<Map<String, ProcessUsage>> first = trees.figures();
        measurements.getFirst().completeExceptionally(new IllegalStateException("shut down"));
        assertThat(first).isCompletedExceptionally();
        CompletableFuture<Map<String, ProcessUsage>> second = trees.figures();
        assertThat(measurements).hasSize(2);
        measurements.get(1).complete(rss(3));
        assertThat(rssOf(second)).isEqualTo(3);
    }

    @Test
    void aMeasurementThatCompletesAtOnceIsNotLeftUnderWay() {
        AtomicLong taken = new AtomicLong();
        TreeFigures immediate = new TreeFigures(() -> CompletableFuture.completedFuture(rss(taken.incrementAndGet())),
                clock::get);
        assertThat(rssOf(immediate.figures())).isEqualTo(1);
        clock.addAndGet(TreeFigures.USABLE_NANOS + 1);
        assertThat(rssOf(immediate.figures())).isEqualTo(2);
    }
}
