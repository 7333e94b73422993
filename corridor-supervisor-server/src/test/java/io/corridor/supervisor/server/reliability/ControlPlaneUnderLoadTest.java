package io.corridor.supervisor.server.reliability;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.server.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real engine busy starting a thousand programs ({@code startAllProcesses}, no wait) while every control
 * endpoint is asked at once, each on its own connection: every one must answer, correctly, within a generous bound.
 * Rounds with the engine idle come first: one at a time in a fresh JVM (cold: each adapter's classes load and its
 * code is interpreted at first use), one at a time again once warm, and all at once while warm, so the busy round's
 * figures can be told apart from the JVM's warm-up and from the answers' own contention; after the busy rounds (all
 * at once, then one at a time while the engine is still spawning), a last round with all of them RUNNING. The
 * latencies and the server's CPU per answer are printed (the figures in docs/benchmarks.md come from here); the
 * bound only catches a server that stopped answering, not a slow machine.
 * That the Netty thread never waits for the engine is proved deterministically by EngineAnswersDoNotBlockTest.
 */
class ControlPlaneUnderLoadTest {
    private static final int PROGRAMS = 1000;
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir Path dir;

    record Ask(String name, String method, String path, String body, String expect) {}

    @Test
    void everyEndpointAnswersWhileAThousandProgramsStart() throws Exception {
        String programs = """
                [program:busy]
                command=sleep 100000
                process_name=%%(program_name)s_%%(process_num)04d
                numprocs=%d
                startsecs=1
                autostart=false
                """.formatted(PROGRAMS);
        List<Ask> asks = List.of(
                rpc("supervisor.getState", XmlRpc.call("supervisor.getState"), "statename"),
                rpc("supervisor.getAllProcessInfo", XmlRpc.call("supervisor.getAllProcessInfo"), "busy_0999"),
                rpc("supervisor.getProcessInfo", XmlRpc.call("supervisor.getProcessInfo", "busy:busy_0500"), "busy_0500"),
                rpc("supervisor.getAllConfigInfo", XmlRpc.call("supervisor.getAllConfigInfo"), "busy_0999"),
                rpc("supervisor.reloadConfig", XmlRpc.call("supervisor.reloadConfig"), "<array>"),
                rpc("supervisor.readProcessStdoutLog", XmlRpc.call("supervisor.readProcessStdoutLog", "busy:busy_0001", 0, 0), "<string"),
                rpc("supervisor.tailProcessStdoutLog", XmlRpc.call("supervisor.tailProcessStdoutLog", "busy:busy_0001", 0, 100), "<array>"),
                rpc("supervisor.clearProcessLogs", XmlRpc.call("supervisor.clearProcessLogs", "busy:busy_0002"), "<boolean>1</boolean>"),
                rpc("supervisor.sendProcessStdin", XmlRpc.call("supervisor.sendProcessStdin", "busy:busy_0003", "x\n"), "<methodResponse>"),
                rpc("supervisor.readLog", XmlRpc.call("supervisor.readLog", 0, 0), "<string"),
                new Ask("GET /metrics", "GET", "/metrics", "", "corridor_processes"),
                new Ask("GET /api/v1/processes", "GET", "/api/v1/processes?fields=namespec,state", "", "busy:busy_0999"),
                new Ask("GET /api/v1/processes/NAME", "GET", "/api/v1/processes/busy:busy_0500", "", "busy:busy_0500"),
                new Ask("GET /api/v1/groups", "GET", "/api/v1/groups", "", "\"busy\""),
                new Ask("GET logs", "GET", "/api/v1/processes/busy:busy_0001/logs/stdout", "", "\"data\""),
                new Ask("POST reread", "POST", "/api/v1/config/reread", "", "\"added\""),
                new Ask("POST update", "POST", "/api/v1/config/update", "", "\"results\""),
                new Ask("GET /logtail (head)", "GET", "/logtail/busy:busy_0001", "", ""),
                new Ask("GET / (web page)", "GET", "/", "", "busy:busy_0999"),
                new Ask("GET /tail (web page)", "GET", "/tail?name=busy:busy_0001", "", "data-offset"));

        ExecutorService pool = Executors.newFixedThreadPool(asks.size());
        try (LiveServer live = new LiveServer(dir, programs)) {
            Map<String, Long> cold = oneByOne(live, asks, new LinkedHashMap<>());
            oneByOne(live, asks, new LinkedHashMap<>());
            Map<String, Long> cpu = new LinkedHashMap<>();
            Map<String, Long> warm = oneByOne(live, asks, cpu);
            long cpu0 = cpuMillis();
            Map<String, Long> together = allAtOnce(live, asks, pool);
            long cpu1 = cpuMillis();
            long started = System.nanoTime();
            live.engine.startAll(false);
            Map<String, Long> busy = allAtOnce(live, asks, pool);
            long cpu2 = cpuMillis();
            long unspawned1 = unspawned(live);
            Map<String, Long> busyAlone = oneByOne(live, asks, new LinkedHashMap<>());
            long unspawned2 = unspawned(live);
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (unspawned(live) > 0 && System.nanoTime() < deadline) Thread.sleep(20);
            long allSpawnedMs = (System.nanoTime() - started) / 1_000_000;
            report("cold: one at a time, the first of each kind in this JVM", cold);
            report("warm, idle engine: one at a time, third round", warm);
            report("server CPU time for each answer of the third round", cpu);
            report("warm, idle engine: all at once (server CPU " + (cpu1 - cpu0) + " ms)", together);
            report("warm, " + PROGRAMS + " programs starting: all at once (server CPU " + (cpu2 - cpu1)
                    + " ms; not yet spawned when answered: " + unspawned1 + ")", busy);
            report("warm, " + PROGRAMS + " programs starting: then one at a time (not yet spawned when answered: "
                    + unspawned2 + ")", busyAlone);
            System.out.println("[control plane under load] all " + PROGRAMS + " spawned " + allSpawnedMs
                    + " ms after startAllProcesses, the two busy rounds answered meanwhile");
            assertThat(unspawned(live)).isZero();
            while (running(live) < PROGRAMS && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(running(live)).isEqualTo(PROGRAMS);
            Map<String, Long> runningCpu = new LinkedHashMap<>();
            Map<String, Long> allRunning = oneByOne(live, asks, runningCpu);
            report("warm, idle engine, all " + PROGRAMS + " RUNNING: one at a time", allRunning);
            report("server CPU time for each answer of that round", runningCpu);
            for (Map<String, Long> round : List.of(cold, warm, together, busy, busyAlone, allRunning)) {
                assertThat(round.values()).allMatch(ms -> ms < BOUND.toMillis());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many of the programs the engine has not spawned yet (still STOPPED): it is busy while there are any. */
    private static long unspawned(LiveServer live) {
        return live.engine.processes().stream().filter(p -> p.state() == ProcessState.STOPPED).count();
    }

    private static long running(LiveServer live) {
        return live.engine.processes().stream().filter(p -> p.state() == ProcessState.RUNNING).count();
    }

    /**
     * CPU milliseconds used so far by the server's threads (engine, Netty, callbacks...), not by the test's clients:
     * what an answer costs, which the machine's load does not change.
     */
    private static long cpuMillis() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null || !(t.getThreadName().startsWith("corridor-") || t.getThreadName().startsWith("multiThread"))) {
                continue;
            }
            nanos += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
        }
        return nanos / 1_000_000;
    }

    /** Each ask alone; {@code cpu} gets the server's CPU milliseconds for each. */
    private static Map<String, Long> oneByOne(LiveServer live, List<Ask> asks, Map<String, Long> cpu) {
        Map<String, Long> millis = new LinkedHashMap<>();
        for (Ask a : asks) {
            long cpu0 = cpuMillis();
            millis.put(a.name(), timed(live, a));
            cpu.put(a.name(), cpuMillis() - cpu0);
        }
        return millis;
    }

    /** Every ask at once, each on its own connection from its own thread. */
    private static Map<String, Long> allAtOnce(LiveServer live, List<Ask> asks, ExecutorService pool) throws Exception {
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (Ask a : asks) answers.add(CompletableFuture.supplyAsync(() -> timed(live, a), pool));
        Map<String, Long> millis = new LinkedHashMap<>();
        for (int i = 0; i < asks.size(); i++) {
            millis.put(asks.get(i).name(), answers.get(i).get(BOUND.toSeconds() + 10, TimeUnit.SECONDS));
        }
        return millis;
    }

    private static void report(String round, Map<String, Long> millis) {
        long max = millis.values().stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.println("[control plane under load] " + round + ": slowest " + max
                + " ms; answer ms: " + millis);
    }

    private static Ask rpc(String name, String body, String expect) {
        return new Ask(name, "POST", "/RPC2", body, expect);
    }

    /** Milliseconds from sending to a complete, expected answer. */
    private static long timed(LiveServer live, Ask a) {
        try (RawHttp c = live.client()) {
            long t0 = System.nanoTime();
            c.send(a.method(), a.path(), a.method().equals("POST") && a.path().equals("/RPC2")
                    ? Map.of("Content-Type", "text/xml") : Map.of(), a.body().getBytes(StandardCharsets.UTF_8));
            RawHttp.Response r = c.readResponse(BOUND);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.status()).as(a.name() + ": " + r.text()).isEqualTo(200);
            assertThat(r.text()).as(a.name()).contains(a.expect());
            return ms;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(a.name(), e);
        }
    }
}
