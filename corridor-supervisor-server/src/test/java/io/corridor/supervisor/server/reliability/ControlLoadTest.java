package io.corridor.supervisor.server.reliability;

import io.corridor.supervisor.server.RawHttp;
import io.corridor.supervisor.reliability.Proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100 concurrent control clients x 50 XML-RPC requests over the Unix socket against the real engine: status
 * (getAllProcessInfo), tail (readProcessStdoutLog of a chatty process) and start/stop of four processes that every
 * client fights over. Every request must be answered 200; the only faults allowed are the ones the fight makes
 * legitimate (ALREADY_STARTED, NOT_RUNNING, and ABNORMAL_TERMINATION for a start that a concurrent stop overtook),
 * counted separately. Afterwards every process is stable and the engine's view matches {@code /proc}.
 */
class ControlLoadTest {
    private static final int CLIENTS = 100, REQUESTS = 50;
    /** RSS growth bound for this JVM (engine + server + the 100 client threads and their buffers). */
    private static final long RSS_GROWTH_BOUND = 256L << 20;
    /** Heap still in use after a full GC, beyond what it was before the load. */
    private static final long HEAP_GROWTH_BOUND = 32L << 20;
    private static final Set<Integer> LEGITIMATE_FAULTS = Set.of(60, 70, 40);

    @TempDir Path dir;

    @Test
    void hundredClientsTimesFiftyMixedRequests() throws Exception {
        Path chatty = dir.resolve("chatty.sh");
        Files.writeString(chatty, "#!/bin/sh\nwhile :; do echo \"tick $(date +%s%N)\"; sleep 0.05; done\n");
        Files.setPosixFilePermissions(chatty, PosixFilePermissions.fromString("rwxr-xr-x"));
        String programs = """
                [program:chatty]
                command=%s
                process_name=%%(program_name)s_%%(process_num)d
                numprocs=4
                startsecs=0

                [program:toggle]
                command=sleep 1000
                process_name=%%(program_name)s_%%(process_num)d
                numprocs=4
                startsecs=0
                stopwaitsecs=5
                """.formatted(chatty);
        try (LiveServer live = new LiveServer(dir, programs)) {
            Proc.await("8 processes RUNNING", () -> live.engine.processes().stream()
                    .filter(p -> p.state() == io.corridor.supervisor.ProcessState.RUNNING).count() == 8, Duration.ofSeconds(20));
            Proc.await("chatty logs", () -> Files.exists(dir.resolve("chatty.out")) || !live.engine.processes().getFirst()
                    .stdoutLogfile().isEmpty(), Duration.ofSeconds(20));
            var memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            long rssBefore = Proc.rssOfSelf();
            long threadsBefore = Proc.threadsOfSelf();
            AtomicLong rssPeak = new AtomicLong(rssBefore);
            LongAdder ok = new LongAdder(), errors = new LongAdder();
            Map<Integer, LongAdder> faults = new ConcurrentHashMap<>();
            List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
            long[] latencies = new long[CLIENTS * REQUESTS];

            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    rssPeak.accumulateAndGet(Proc.rssOfSelf(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    Random random = new Random(client);
                    try (RawHttp http = live.client()) {
                        for (int r = 0; r < REQUESTS; r++) {
                            String call = request(random.nextInt(100), random.nextInt(4));
                            long start = System.nanoTime();
                            RawHttp.Response resp = http.xmlRpc(call);
                            latencies[client * REQUESTS + r] = System.nanoTime() - start;
                            var fault = XmlRpc.fault(resp.text());
                            if (resp.status() == 200 && fault.isEmpty()) {
                                ok.increment();
                            } else if (resp.status() == 200 && LEGITIMATE_FAULTS.contains(fault.getAsInt())) {
                                faults.computeIfAbsent(fault.getAsInt(), k -> new LongAdder()).increment();
                            } else {
                                errors.increment();
                                if (errorSamples.size() < 5) errorSamples.add(call + " -> " + resp.status() + " " + resp.text());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) f.get(120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
            sampler.interrupt();
            sampler.join();
            System.gc();
            long heapGrowth = memory.getHeapMemoryUsage().getUsed() - heapBefore;
            long rssGrowth = rssPeak.get() - rssBefore;
            Arrays.sort(latencies);
            Map<Integer, Long> faultCounts = faults.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum(), (a, b) -> a, TreeMap::new));
            System.out.printf("[reliability] load: %d clients x %d requests in %.1f s (%.0f req/s): %d ok, %d legitimate faults %s, "
                            + "%d errors; latency p50 %.1f ms p99 %.1f ms max %.1f ms; RSS %d MB -> peak %d MB (+%d MB); "
                            + "heap after GC %+d MB; threads %d -> %d%n",
                    CLIENTS, REQUESTS, seconds, CLIENTS * REQUESTS / seconds, ok.sum(), faultCounts.values().stream()
                            .mapToLong(Long::longValue).sum(), faultCounts, errors.sum(),
                    latencies[latencies.length / 2] / 1e6, latencies[latencies.length * 99 / 100] / 1e6,
                    latencies[latencies.length - 1] / 1e6, rssBefore >> 20, rssPeak.get() >> 20, rssGrowth >> 20,
                    heapGrowth >> 20, threadsBefore, Proc.threadsOfSelf());

            assertThat(errorSamples).isEmpty();
            assertThat(errors.sum()).isZero();
            assertThat(ok.sum() + faultCounts.values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo((long) CLIENTS * REQUESTS);
            assertThat(rssGrowth).isLessThan(RSS_GROWTH_BOUND);
            assertThat(heapGrowth).isLessThan(HEAP_GROWTH_BOUND);
            assertConsistentWithProc(live);
            assertThat(live.mainLogText().lines().filter(l -> l.contains(" CRIT ") && !l.contains("authentication")))
                    .isEmpty();
            assertThat(live.mainLogText()).doesNotContain("engine error").doesNotContain(" failed: ");
        }
    }

    /** 55% status, 25% tail, 10% start, 10% stop; the target is one of four processes. */
    private static String request(int dice, int target) {
        if (dice < 55) return XmlRpc.call("supervisor.getAllProcessInfo");
        if (dice < 80) return XmlRpc.call("supervisor.readProcessStdoutLog", "chatty:chatty_" + target, -400, 0);
        if (dice < 90) return XmlRpc.call("supervisor.startProcess", "toggle:toggle_" + target, true);
        return XmlRpc.call("supervisor.stopProcess", "toggle:toggle_" + target, true);
    }

    /** Stable states only, and the pids the engine reports are exactly this JVM's live children. */
    private static void assertConsistentWithProc(LiveServer live) {
        var stable = Set.of(io.corridor.supervisor.ProcessState.RUNNING, io.corridor.supervisor.ProcessState.STOPPED);
        Proc.await("every process RUNNING or STOPPED", () -> live.engine.processes().stream()
                .allMatch(p -> stable.contains(p.state())), Duration.ofSeconds(20));
        var processes = live.engine.processes();
        assertThat(processes).hasSize(8);
        for (var p : processes) {
            if (p.state() == io.corridor.supervisor.ProcessState.RUNNING) {
                assertThat(Proc.alive(p.pid())).as(p.namespec() + " alive").isTrue();
                assertThat(Proc.ppid(p.pid())).as(p.namespec() + " is our child").isEqualTo(Proc.SELF);
            } else {
                assertThat(p.pid()).as(p.namespec() + " pid").isZero();
            }
        }
        Set<Long> reported = processes.stream().filter(p -> p.pid() > 0).map(p -> p.pid()).collect(Collectors.toSet());
        Proc.await("no child but the reported ones", () -> Set.copyOf(Proc.childrenOf(Proc.SELF)).equals(reported),
                Duration.ofSeconds(20));
    }
}
