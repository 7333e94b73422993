package io.corridor.supervisor.reliability;

import io.corridor.supervisor.ExitReason;
import io.corridor.supervisor.ExitRecord;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.ProcessUsage;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.ConfigLoader;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.embed.SupervisorBuilder;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.Signals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 with real processes: a setsid grandchild does not survive its program's stop, the exit history lists
 * crashes in order with their statuses and last output, max_memory restarts a growing tree, and a program stopped
 * by hand stays stopped when the engine is started again on the same state file.
 */
class ContainmentTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir Path dir;

    @Test
    void aSetsidGrandchildIsGoneAfterStop() throws Exception {
        // the subshell starts a grandchild in its own session, records it and exits: a double fork plus setsid
        String programs = """
                [program:escaper]
                command=sh -c '(setsid sleep 311 & echo $! > %1$s/grandchild.pid); exec sleep 312'
                startsecs=0
                """.formatted(dir);
        try (var sv = new EmbeddedSupervisor(dir, programs)) {
            sv.awaitState("escaper", ProcessState.RUNNING);
            Path pidFile = dir.resolve("grandchild.pid");
            Proc.await("the grandchild's pid", () -> Files.exists(pidFile) && !read(pidFile).isEmpty(), LONG);
            long grandchild = Long.parseLong(read(pidFile));
            sv.adopt(grandchild, "sleep 311");
            Proc.await("grandchild running", () -> Proc.alive(grandchild), LONG);
            assertThat(Proc.ppid(grandchild)).as("re-parented away from its program").isNotEqualTo(sv.info("escaper").pid());

            sv.supervisor.stopProcess("escaper", true).get(30, TimeUnit.SECONDS);
            Proc.await("the setsid grandchild gone after stop", () -> !Proc.alive(grandchild), LONG);
            assertThat(sv.mainLog()).contains("left by escaper");
        }
    }

    @Test
    void historyListsThreeCrashesInOrderWithTheirStatusesAndLastOutput() throws Exception {
        Path counter = dir.resolve("runs");
        String programs = """
                [program:crasher]
                command=sh -c 'n=$(($(cat %1$s 2>/dev/null || echo 0) + 1)); echo $n > %1$s; echo "run $n says bye" >&2; [ $n = 2 ] && kill -KILL $$; [ $n -ge 4 ] && exec sleep 313; exit $((10 + n))'
                startsecs=0
                autorestart=true
                stdout_logfile=NONE
                stderr_logfile=NONE
                """.formatted(counter);
        try (var sv = new EmbeddedSupervisor(dir, programs)) {
            Proc.await("three exits recorded", () -> history(sv.supervisor, "crasher").size() >= 3, LONG);
            List<ExitRecord> h = history(sv.supervisor, "crasher");
            assertThat(h).extracting(ExitRecord::exitCode).containsExactly(11, -1, 13);
            assertThat(h).extracting(ExitRecord::signal).containsExactly("", "SIGKILL", "");
            assertThat(h).extracting(ExitRecord::reason)
                    .containsExactly(ExitReason.FAILED, ExitReason.SIGNALLED, ExitReason.FAILED);
            assertThat(h).extracting(ExitRecord::description)
                    .containsExactly("exit status 11", "terminated by SIGKILL", "exit status 13");
            assertThat(h.get(0).lastOutput()).containsExactly("run 1 says bye");
            assertThat(h.get(2).lastOutput()).containsExactly("run 3 says bye");
            assertThat(h.get(0).time()).isLessThanOrEqualTo(h.get(1).time());
            assertThat(h.get(1).time()).isLessThanOrEqualTo(h.get(2).time());
            assertThat(sv.supervisor.exitCounts().get("crasher"))
                    .containsEntry(ExitReason.FAILED, 2L).containsEntry(ExitReason.SIGNALLED, 1L);

            sv.awaitState("crasher", ProcessState.RUNNING);
            sv.supervisor.stopProcess("crasher", true).get(30, TimeUnit.SECONDS);
            Proc.await("the stop recorded", () -> history(sv.supervisor, "crasher").size() == 4, LONG);
            assertThat(history(sv.supervisor, "crasher").get(3).reason()).isEqualTo(ExitReason.STOPPED);
        }
    }

    @Test
    void maxMemoryRestartsAGrowingTree() throws Exception {
        // the child (not the main process) grows by 4 MiB every 50 ms: the whole tree is what counts
        Path grow = dir.resolve("grow.py");
        Files.writeString(grow, """
                import time
                b = []
                while True:
                    b.append(bytearray(4 << 20))
                    time.sleep(0.05)
                """);
        String programs = """
                [program:grower]
                command=sh -c '/usr/bin/python3 %s; exit 0'
                startsecs=0
                max_memory=48MB
                stopwaitsecs=2
                """.formatted(grow);
        try (var sv = new EmbeddedSupervisor(dir, programs)) {
            long first = sv.awaitState("grower", ProcessState.RUNNING).pid();
            Proc.await("a restart for max_memory", () -> history(sv.supervisor, "grower").stream()
                    .anyMatch(r -> r.reason() == ExitReason.MAX_MEMORY), LONG);
            Proc.await("running again with a new pid", () -> {
                var i = sv.info("grower");
                return i.state() == ProcessState.RUNNING && i.pid() != first;
            }, LONG);
            assertThat(sv.mainLog()).containsPattern("restarting grower: its \\d+ process\\(es\\) use [0-9.]+ MiB "
                    + "resident memory, above max_memory 48.0 MiB");
            // The grower is restarted every ~0.6 s: a reading may catch its tree dying (no pages left) or not yet
            // respawned, so read until one shows the running tree, then check that reading.
            var running = new java.util.concurrent.atomic.AtomicReference<ProcessUsage>();
            Proc.await("a reading of the running tree's usage", () -> {
                List<ProcessUsage> u = sv.supervisor.usageAsync().orTimeout(30, TimeUnit.SECONDS).join();
                if (u.size() != 1 || u.getFirst().processes() < 1 || u.getFirst().rssBytes() <= 0) return false;
                running.set(u.getFirst());
                return true;
            }, LONG);
            assertThat(running.get().namespec()).isEqualTo("grower");
            assertThat(running.get().maxMemory()).isEqualTo(48L << 20);
        }
    }

    @Test
    void aProgramStoppedByHandStaysStoppedWhenTheEngineStartsAgain() throws Exception {
        Path ini = dir.resolve("supervisord.conf");
        Files.writeString(ini, """
                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s

                [program:kept]
                command=sleep 314
                startsecs=0

                [program:other]
                command=sleep 315
                startsecs=0
                """.formatted(dir));
        SupervisorConfig config = ConfigLoader.load(ini);
        Path state = dir.resolve("supervisord.state");
        try (MainLog log = new MainLog(config.supervisord().logfile(), 0, 0, config.supervisord().logLevel(), null)) {
            Supervisor first = SupervisorBuilder.of(config).mainLog(log).stateFile(state).build();
            try {
                first.start();
                awaitRunning(first, "kept");
                awaitRunning(first, "other");
                first.stopProcess("kept", true).get(30, TimeUnit.SECONDS);
                assertThat(first.stoppedByHandAsync().get(30, TimeUnit.SECONDS)).containsKey("kept");
                // a reload in the same engine keeps it stopped
                first.restart();
                Proc.await("other running again after the reload", () -> first.state() == io.corridor.supervisor.SupervisorState.RUNNING
                        && first.process("other").state() == ProcessState.RUNNING, LONG);
                assertThat(first.process("kept").state()).isEqualTo(ProcessState.STOPPED);
            } finally {
                killChildren(first);
                first.close();
            }
            assertThat(Files.readString(state)).contains("stopped ").contains(" kept");

            Supervisor second = SupervisorBuilder.of(config).mainLog(log).stateFile(state).build();
            try {
                second.start();
                awaitRunning(second, "other");
                assertThat(second.process("kept").state()).isEqualTo(ProcessState.STOPPED);
                assertThat(second.stoppedByHandAsync().get(30, TimeUnit.SECONDS)).containsKey("kept");
                assertThat(Files.readString(dir.resolve("supervisord.log"))).contains("not starting kept: it was stopped by hand");
                // started by hand: the intent is gone
                second.startProcess("kept", true).get(30, TimeUnit.SECONDS);
                assertThat(second.stoppedByHandAsync().get(30, TimeUnit.SECONDS)).doesNotContainKey("kept");
            } finally {
                killChildren(second);
                second.close();
            }
        }
    }

    private static void awaitRunning(Supervisor s, String name) {
        Proc.await(name + " RUNNING", () -> s.process(name).state() == ProcessState.RUNNING, LONG);
    }

    private static void killChildren(Supervisor s) {
        try {
            for (var i : s.processes()) {
                if (i.pid() > 0 && Proc.ppid(i.pid()) == Proc.SELF) Libc.kill((int) i.pid(), Signals.SIGKILL);
            }
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    private static List<ExitRecord> history(Supervisor s, String name) {
        try {
            return s.historyAsync(name).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
