package io.corridor.supervisor.engine;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.config.AutoRestart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** supervisord's transitions with real children: startsecs, backoff, FATAL, autorestart, exit codes. */
class StateMachineTest {
    @TempDir Path dir;

    @Test
    void exitFromRunningIsReportedAtOnceWithItsCode() {
        var p = program("quick", "/bin/sh", "-c", "read x; exit 3").startSecs(0).autoRestart(AutoRestart.FALSE);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            ProcessInfo running = f.awaitState("quick", ProcessState.RUNNING);
            assertThat(running.description()).startsWith("pid " + running.pid() + ", uptime 0:00:0");
            f.supervisor.sendProcessStdin("quick", "go\n");
            ProcessInfo exited = f.awaitState("quick", ProcessState.EXITED);
            assertThat(exited.exitStatus()).isEqualTo(3);
            assertThat(exited.spawnErr()).isEqualTo("Bad exit code 3");
            assertThat(exited.pid()).isZero();
            StateChange change = f.firstChange("quick", c -> c.to() == ProcessState.EXITED);
            assertThat(change.expected()).isFalse();
            assertThat(f.mainLog()).contains("spawned: 'quick' with pid " + running.pid())
                    .contains("success: quick entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)")
                    .contains("WARN exited: quick (exit status 3; not expected)");
        }
    }

    @Test
    void backoffWaitsOneTwoThreeSecondsThenGivesUp() {
        var p = program("dies", "/bin/sh", "-c", "exit 1").startSecs(1).startRetries(2);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            ProcessInfo fatal = f.awaitState("dies", ProcessState.FATAL);
            assertThat(fatal.description()).isEqualTo("Exited too quickly (process log may have details)");
            List<StateChange> spawns = f.changesOf("dies", c -> c.to() == ProcessState.STARTING);
            List<StateChange> backoffs = f.changesOf("dies", c -> c.to() == ProcessState.BACKOFF);
            assertThat(spawns).hasSize(3);
            // each wait runs from entering BACKOFF to the next spawn (the child's own run time is not in it): 1 s,
            // then 2 s. Never early (a timer); late only by scheduling, so the upper bounds are generous for a
            // loaded machine, the first one still short of the second wait.
            assertThat(spawns.get(1).whenMillis() - backoffs.get(0).whenMillis()).isBetween(990L, 1900L);
            assertThat(spawns.get(2).whenMillis() - backoffs.get(1).whenMillis()).isBetween(1990L, 6000L);
            assertThat(f.changesOf("dies", c -> c.to() == ProcessState.BACKOFF)).extracting(StateChange::tries)
                    .containsExactly(1, 2, 3);
            assertThat(f.mainLog()).contains("WARN exited: dies (exit status 1; not expected)")
                    .contains("INFO gave up: dies entered FATAL state, too many start retries too quickly");
            assertThatThrownBy(() -> f.supervisor.stopProcess("dies", true).join())
                    .hasCauseInstanceOf(SupervisorException.class).hasMessageContaining("NOT_RUNNING: dies");
        }
    }

    @Test
    void exitJustBeforeStartsecsIsAFailedStartNeverRunning() {
        // dies half a second before the deadline (room for a slow sh start on a loaded machine: 100 ms was not):
        // however late the exit notice, the deadline reaps first and sees it. The exact edge, an exit noticed only
        // after the deadline, is VirtualProcessTest.startsecsDeadlineReapsAnExitNotYetReported's, on virtual time.
        var p = program("edge", "/bin/sh", "-c", "exec sleep 1.5").startSecs(2).startRetries(0);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("edge", ProcessState.FATAL);
            assertThat(f.changesOf("edge", c -> c.to() == ProcessState.RUNNING)).isEmpty();
            assertThat(f.changesOf("edge", c -> c.to() == ProcessState.EXITED)).isEmpty();
        }
    }

    @Test
    void autorestartUnexpectedRestartsUntilAnExpectedCode(@TempDir Path work) throws Exception {
        Path counter = work.resolve("runs");
        String script = "echo x >> " + counter + "; n=$(wc -l < " + counter + "); sleep 0.2; [ $n -ge 3 ] && exit 0; exit 4";
        var p = program("flaky", "/bin/sh", "-c", script).startSecs(0);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            EngineFixture.await("three runs", () -> f.changesOf("flaky", c -> c.to() == ProcessState.EXITED).size() == 3,
                    Duration.ofSeconds(20));
            assertThat(f.changesOf("flaky", c -> c.to() == ProcessState.EXITED)).extracting(StateChange::expected)
                    .containsExactly(false, false, true);
            f.awaitState("flaky", ProcessState.EXITED);
            assertThat(f.info("flaky").exitStatus()).isZero();
            assertThat(Files.readAllLines(counter)).hasSize(3);
            assertThat(f.mainLog()).contains("INFO exited: flaky (exit status 0; expected)");
        }
    }

    @Test
    void autorestartTrueRestartsEvenExpectedExits() {
        var p = program("loop", "/bin/sh", "-c", "sleep 0.1; exit 0").startSecs(0).autoRestart(AutoRestart.TRUE);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            EngineFixture.await("restarts", () -> f.changesOf("loop", c -> c.to() == ProcessState.STARTING).size() >= 3,
                    Duration.ofSeconds(20));
        }
    }

    @Test
    void startAndStopWithWaitFollowSupervisordFaults() throws Exception {
        var sleeper = program("sleeper", "sleep", "1000").startSecs(1).autostart(false);
        var missing = program("missing", "no-such-command-xyz").autostart(false);
        var quick = program("quick", "/bin/sh", "-c", "exit 2").startSecs(1).startRetries(0).autostart(false);
        try (var f = new EngineFixture(config(dir, sleeper.asGroup(), missing.asGroup(), quick.asGroup()))) {
            assertThat(f.info("sleeper").description()).isEqualTo("Not started");
            long t0 = System.nanoTime();
            f.supervisor.startProcess("sleeper", true).get(10, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - t0).as("waited for startsecs").isGreaterThan(900_000_000L);
            assertThat(f.info("sleeper").state()).isEqualTo(ProcessState.RUNNING);
            assertFault(() -> f.supervisor.startProcess("sleeper", true).join(), Fault.ALREADY_STARTED);
            assertFault(() -> f.supervisor.startProcess("missing", true).join(), Fault.NO_FILE);
            assertFault(() -> f.supervisor.startProcess("quick", true).join(), Fault.SPAWN_ERROR);
            assertFault(() -> f.supervisor.startProcess("nosuch", true).join(), Fault.BAD_NAME);
            assertFault(() -> f.supervisor.signalProcess("sleeper", "NOPE").join(), Fault.BAD_SIGNAL);

            f.supervisor.stopProcess("sleeper", true).get(10, TimeUnit.SECONDS);
            ProcessInfo stopped = f.info("sleeper");
            assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
            assertThat(stopped.description()).matches("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M");
            assertThat(f.mainLog()).contains("WARN stopped: sleeper (terminated by SIGTERM)");
            assertFault(() -> f.supervisor.stopProcess("sleeper", true).join(), Fault.NOT_RUNNING);
        }
    }

    private static void assertFault(Runnable call, Fault fault) {
        assertThatThrownBy(call::run).satisfies(e -> {
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            assertThat(cause).isInstanceOf(SupervisorException.class);
            assertThat(((SupervisorException) cause).fault()).isEqualTo(fault);
        });
    }
}
