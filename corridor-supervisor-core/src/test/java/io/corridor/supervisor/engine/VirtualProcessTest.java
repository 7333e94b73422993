package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.os.Errno;
import io.corridor.supervisor.os.Signals;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.corridor.supervisor.ProcessState.BACKOFF;
import static io.corridor.supervisor.ProcessState.EXITED;
import static io.corridor.supervisor.ProcessState.FATAL;
import static io.corridor.supervisor.ProcessState.RUNNING;
import static io.corridor.supervisor.ProcessState.STARTING;
import static io.corridor.supervisor.ProcessState.STOPPED;
import static io.corridor.supervisor.ProcessState.STOPPING;
import static io.corridor.supervisor.ProcessState.UNKNOWN;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state machine on virtual time with made-up children: exact timings and every edge of the table, in
 * microseconds and deterministically. {@code StateMachineTest} checks the same rules with real children.
 */
class VirtualProcessTest {
    private static Duration ms(long millis) { return Duration.ofMillis(millis); }

    @Test
    void backoffWaitsOneTwoThreeSecondsThenGivesUp() {
        var v = new VirtualProcess(program("dies", "/bin/sh").startSecs(1).startRetries(3).spec());
        v.process.start();
        for (int i = 0; i < 4; i++) {
            v.time.advance(ms(100));
            v.exits(1);
            if (i < 3) v.time.runNext();
        }
        assertThat(v.state()).isEqualTo(FATAL);
        // spawned at 0; each child lives 100 ms; then waits 1 s, 2 s, 3 s (+1 ms, "strictly more than")
        assertThat(v.timesOf(STARTING)).containsExactly(0L, 1101L, 3202L, 6303L);
        assertThat(v.timesOf(BACKOFF)).containsExactly(100L, 1201L, 3302L, 6403L);
        assertThat(v.timesOf(FATAL)).containsExactly(6403L);
        assertThat(v.changes.stream().filter(c -> c.to() == BACKOFF).map(c -> c.change().tries()))
                .containsExactly(1, 2, 3, 4);
        assertThat(v.mainLog()).contains("gave up: dies entered FATAL state, too many start retries too quickly");
        assertThat(v.time.runNext()).as("nothing left to happen").isFalse();
    }

    @Test
    void startsecsDeadlineReapsAnExitNotYetReported() {
        var v = new VirtualProcess(program("edge", "/bin/sh").startSecs(1).startRetries(0).spec());
        v.process.start();
        int pid = v.process.pid();
        v.time.advance(ms(900));
        v.os.exit(pid, 0);                    // dead, but the I/O thread has not said so yet
        v.time.advance(ms(200));              // the startsecs deadline reaps it first
        assertThat(v.states()).containsExactly(STARTING, BACKOFF, FATAL);
        v.process.exited(v.watched());        // the late notice for that child changes nothing
        assertThat(v.states()).containsExactly(STARTING, BACKOFF, FATAL);
    }

    @Test
    void runningAfterStartsecsAndExitedWithItsCode() {
        var v = new VirtualProcess(program("svc", "/bin/sh").startSecs(2).autoRestart(AutoRestart.FALSE).spec());
        v.process.start();
        v.time.advance(ms(2000));
        assertThat(v.state()).isEqualTo(STARTING);
        v.time.advance(ms(1));
        assertThat(v.state()).isEqualTo(RUNNING);
        assertThat(v.timesOf(RUNNING)).containsExactly(2001L);
        v.time.advance(ms(5000));
        v.exits(3);
        assertThat(v.state()).isEqualTo(EXITED);
        assertThat(v.process.info().spawnErr()).isEqualTo("Bad exit code 3");
        assertThat(v.process.info().exitStatus()).isEqualTo(3);
        assertThat(v.time.runNext()).as("autorestart=false schedules nothing").isFalse();
    }

    @Test
    void autorestartWaitsOneSecondAfterTheSpawnOnlyForQuickCrashes() {
        var v = new VirtualProcess(program("crash", "/bin/sh").startSecs(0).spec());
        v.process.start();
        v.time.advance(ms(300));
        v.exits(2);                                   // 300 ms after its spawn: wait until 1 s after it
        assertThat(v.state()).isEqualTo(EXITED);
        v.time.advance(ms(699));
        assertThat(v.state()).isEqualTo(EXITED);
        v.time.advance(ms(1));
        assertThat(v.timesOf(STARTING)).containsExactly(0L, 1000L);
        v.time.advance(ms(5000));
        v.exits(2);                                   // after a long run: at once
        assertThat(v.timesOf(STARTING)).containsExactly(0L, 1000L, 6000L);
        v.time.advance(ms(10));
        v.exits(0);                                   // expected code: autorestart=unexpected stops here
        assertThat(v.state()).isEqualTo(EXITED);
        assertThat(v.time.runNext()).isFalse();
    }

    @Test
    void stopSendsStopsignalThenSigkillEveryStopwaitsecs() {
        var v = new VirtualProcess(program("stubborn", "/bin/sh").startSecs(0).stopWaitSecs(10).spec());
        v.process.start();
        int pid = v.process.pid();
        assertThat(v.process.stop()).isNull();
        assertThat(v.state()).isEqualTo(STOPPING);
        assertThat(v.os.kills).containsExactly(new FakeOs.Kill(pid, Signals.SIGTERM));
        v.time.advance(ms(9999));
        assertThat(v.os.kills).hasSize(1);
        v.time.advance(ms(1));
        v.time.advance(ms(10_000));
        assertThat(v.os.kills).containsExactly(new FakeOs.Kill(pid, Signals.SIGTERM),
                new FakeOs.Kill(pid, Signals.SIGKILL), new FakeOs.Kill(pid, Signals.SIGKILL));
        v.killedBy(Signals.SIGKILL);
        assertThat(v.state()).isEqualTo(STOPPED);
        assertThat(v.mainLog()).contains("killing 'stubborn' (" + pid + ") with SIGKILL")
                .contains("stopped: stubborn (terminated by SIGKILL)");
        assertThat(v.time.runNext()).as("no SIGKILL after the exit").isFalse();
    }

    @Test
    void stopasgroupSignalsTheProcessGroup() {
        var v = new VirtualProcess(program("tree", "/bin/sh").startSecs(0).stopAsGroup().spec());
        v.process.start();
        int pid = v.process.pid();
        v.process.stop();
        v.time.advance(Duration.ofSeconds(10));
        assertThat(v.os.kills).containsExactly(new FakeOs.Kill(-pid, Signals.SIGTERM),
                new FakeOs.Kill(-pid, Signals.SIGKILL));
    }

    @Test
    void stopInBackoffCancelsTheRetry() {
        var v = new VirtualProcess(program("flaky", "/bin/sh").startSecs(1).spec());
        v.process.start();
        v.exits(1);
        assertThat(v.state()).isEqualTo(BACKOFF);
        assertThat(v.process.stop()).isNull();
        assertThat(v.state()).isEqualTo(STOPPED);
        assertThat(v.time.runNext()).as("the backoff retry is gone").isFalse();
        assertThat(v.os.spawns).hasSize(1);
    }

    @Test
    void noRetryWhileSpawningIsNotAllowed() {
        var v = new VirtualProcess(program("late", "/bin/sh").startSecs(1).spec());
        v.process.start();
        v.exits(1);
        v.spawningAllowed = false;             // a shutdown began during the backoff wait
        v.time.advance(Duration.ofSeconds(5));
        assertThat(v.state()).isEqualTo(BACKOFF);
        v.process.giveUp();
        assertThat(v.state()).isEqualTo(FATAL);
        assertThat(v.os.spawns).hasSize(1);
    }

    @Test
    void aRefusedKillLeavesTheProcessUnknown() {
        var v = new VirtualProcess(program("alien", "/bin/sh").startSecs(0).spec());
        v.process.start();
        v.os.killResult = -Errno.EPERM;
        String error = v.process.stop();
        assertThat(error).startsWith("unknown problem killing alien (" + v.process.pid() + "):EPERM");
        assertThat(v.state()).isEqualTo(UNKNOWN);
        assertThat(v.time.runNext()).as("no SIGKILL deadline in UNKNOWN").isFalse();
        v.exits(0);
        assertThat(v.state()).isEqualTo(EXITED);
    }

    @Test
    void aFailedSpawnIsABackoffWithSupervisordsMessage() {
        var v = new VirtualProcess(program("many", "/bin/sh").startSecs(1).startRetries(1).spec());
        v.os.spawnErrno = Errno.EAGAIN;
        v.process.start();
        assertThat(v.state()).isEqualTo(BACKOFF);
        assertThat(v.process.info().spawnErr()).isEqualTo("Too many processes in process table to spawn 'many'");
        v.time.runNext();
        assertThat(v.states()).containsExactly(STARTING, BACKOFF, STARTING, BACKOFF, FATAL);
    }

    @Test
    void startWhileRunningIsRefusedInTheLog() {
        var v = new VirtualProcess(program("one", "/bin/sh").startSecs(0).spec());
        v.process.start();
        v.process.start();
        assertThat(v.os.spawns).hasSize(1);
        assertThat(v.mainLog()).contains("process 'one' already running");
        assertThat(v.process.stop()).isNull();
        v.exits(0);
        assertThat(v.process.stop()).isEqualTo("attempted to kill one with sig SIGTERM but it wasn't running");
        assertThat(List.of(v.state())).containsExactly(STOPPED);
    }
}
