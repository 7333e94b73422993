package io.corridor.supervisor.engine;

import io.corridor.supervisor.ActionResult;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.GroupSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;

/** Stop escalation, process-group stops, signals, group operations and shutdown order. */
class StopAndSignalTest {
    @TempDir Path dir;

    @Test
    void termIgnoringChildIsKilledAfterStopwaitsecs(@TempDir Path work) throws Exception {
        Path ready = work.resolve("ready");
        var p = program("stubborn", "/bin/sh", "-c", "trap '' TERM; echo ready > " + ready + "; while :; do sleep 1; done")
                .startSecs(0).stopWaitSecs(1);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            long pid = f.awaitState("stubborn", ProcessState.RUNNING).pid();
            // RUNNING comes at once with startsecs=0; the TERM must not arrive before the shell ignores it
            EngineFixture.await("trap installed", () -> Files.exists(ready), Duration.ofSeconds(10));
            long t0 = System.nanoTime();
            f.supervisor.stopProcess("stubborn", true).get(10, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - t0).isGreaterThan(900_000_000L);
            assertThat(f.info("stubborn").state()).isEqualTo(ProcessState.STOPPED);
            assertThat(f.info("stubborn").exitStatus()).isEqualTo(-1);
            assertThat(f.mainLog()).contains("WARN killing 'stubborn' (" + pid + ") with SIGKILL")
                    .contains("WARN stopped: stubborn (terminated by SIGKILL)");
            assertThat(EngineFixture.alive(pid)).isFalse();
        }
    }

    @Test
    void stopasgroupLeavesNoGrandchild(@TempDir Path work) throws Exception {
        Path pidFile = work.resolve("grandchild.pid");
        String marker = "1234567";
        var p = program("tree", "/bin/sh", "-c", "sleep " + marker + " & echo $! > " + pidFile + "; wait")
                .startSecs(0).stopAsGroup();
        long grandchild = 0;
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("tree", ProcessState.RUNNING);
            EngineFixture.await("grandchild pid", () -> Files.exists(pidFile) && readPid(pidFile) > 0, Duration.ofSeconds(10));
            grandchild = readPid(pidFile);
            assertThat(EngineFixture.alive(grandchild)).isTrue();
            f.supervisor.stopProcess("tree", true).get(10, TimeUnit.SECONDS);
            long gc = grandchild;
            // the grandchild is re-parented (to init or a subreaper) and reaped there: wait for /proc to forget it
            EngineFixture.await("grandchild gone", () -> !EngineFixture.alive(gc), Duration.ofSeconds(10));
        } finally {
            if (grandchild > 0) EngineFixture.killIfOurs(grandchild, marker);
        }
    }

    @Test
    void signalsReachTheProcessByNameOrNumber(@TempDir Path work) throws Exception {
        Path got = work.resolve("got");
        var p = program("trapper", "/bin/sh", "-c",
                "trap 'echo USR1 >> " + got + "' USR1; trap 'echo HUP >> " + got + "' HUP; echo > " + got
                        + "; while :; do sleep 0.05; done")
                .startSecs(0);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("trapper", ProcessState.RUNNING);
            EngineFixture.await("traps installed", () -> Files.exists(got), Duration.ofSeconds(10));
            f.supervisor.signalProcess("trapper", "usr1").get(5, TimeUnit.SECONDS);
            EngineFixture.await("USR1", () -> read(got).contains("USR1"), Duration.ofSeconds(10));
            List<ActionResult> r = f.supervisor.signalGroup("trapper", "1").get(5, TimeUnit.SECONDS);
            assertThat(r).extracting(ActionResult::status).containsExactly(Fault.SUCCESS);
            EngineFixture.await("HUP", () -> read(got).contains("HUP"), Duration.ofSeconds(10));
        }
    }

    @Test
    void numprocsGroupIsAddressedByGroupAndName() throws Exception {
        var w0 = program("worker_00", "sleep", "1000").group("worker").processNum(0).startSecs(0);
        var w1 = program("worker_01", "sleep", "1000").group("worker").processNum(1).startSecs(0);
        GroupSpec worker = new GroupSpec("worker", 999, List.of(w0.spec(), w1.spec()));
        try (var f = new EngineFixture(config(dir, worker))) {
            f.awaitState("worker:worker_00", ProcessState.RUNNING);
            f.awaitState("worker:worker_01", ProcessState.RUNNING);
            assertThat(f.supervisor.processes()).extracting(i -> i.namespec())
                    .containsExactly("worker:worker_00", "worker:worker_01");
            List<ActionResult> stopped = f.supervisor.stopGroup("worker", true).get(10, TimeUnit.SECONDS);
            assertThat(stopped).extracting(ActionResult::namespec).containsExactly("worker:worker_00", "worker:worker_01");
            // nothing to stop: no entries at all, as supervisord
            assertThat(f.supervisor.stopGroup("worker", true).get(10, TimeUnit.SECONDS)).isEmpty();
            List<ActionResult> started = f.supervisor.startProcess("worker:*", true)
                    .thenCompose(v -> f.supervisor.stopAll(true)).get(10, TimeUnit.SECONDS);
            assertThat(started).hasSize(2);
        }
    }

    @Test
    void shutdownStopsGroupsInReversePriorityOneAtATime() throws Exception {
        var first = program("first", "sleep", "1000").priority(1).startSecs(0);
        var last = program("last", "/bin/sh", "-c", "trap 'sleep 0.3; exit 0' TERM; while :; do sleep 0.05; done")
                .priority(900).startSecs(0);
        try (var f = new EngineFixture(config(dir, first.asGroup(), last.asGroup()))) {
            f.awaitState("first", ProcessState.RUNNING);
            f.awaitState("last", ProcessState.RUNNING);
            f.supervisor.shutdown();
            f.supervisor.terminated().get(20, TimeUnit.SECONDS);
            EngineFixture.await("both stopped reported",
                    () -> f.changes.stream().filter(c -> c.to() == ProcessState.STOPPED).count() == 2, Duration.ofSeconds(10));
            assertOrder(f);
            assertThat(f.mainLog()).contains("waiting for first, last to die");
        }
    }

    private static void assertOrder(EngineFixture f) {
        var stopping = f.changes.stream().filter(c -> c.to() == ProcessState.STOPPING).map(c -> c.name()).toList();
        assertThat(stopping).containsExactly("last", "first");
        long lastStopped = f.firstChange("last", c -> c.to() == ProcessState.STOPPED).whenMillis();
        long firstStopping = f.firstChange("first", c -> c.to() == ProcessState.STOPPING).whenMillis();
        assertThat(firstStopping).isGreaterThanOrEqualTo(lastStopped);
        assertThat(f.supervisor.terminated()).isDone();
    }

    private static long readPid(Path file) {
        try {
            String s = Files.readString(file).strip();
            return s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (Exception e) {
            return 0;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (Exception e) {
            return "";
        }
    }
}
