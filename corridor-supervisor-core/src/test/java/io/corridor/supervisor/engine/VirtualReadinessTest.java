package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.Probe;
import io.corridor.supervisor.config.ReadinessSpec;
import io.corridor.supervisor.config.ReadinessSpec.HealthAction;
import io.corridor.supervisor.config.ReadinessSpec.HealthCheck;
import io.corridor.supervisor.config.ReadinessSpec.HealthSpec;
import io.corridor.supervisor.config.ReadinessSpec.ReadyCheck;
import io.corridor.supervisor.config.RestartPolicy;
import io.corridor.supervisor.config.RestartPolicy.Backoff;
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
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;

/** Corridor's readiness, health and failure-policy keys on virtual time: exact timings, no sleeps, no children. */
class VirtualReadinessTest {
    private static final Duration S = Duration.ofSeconds(1);

    private static RestartPolicy policy(Backoff b, int maxSecs, int fatalRetrySecs, long minRestartMillis) {
        return new RestartPolicy(b, Duration.ofSeconds(maxSecs), Duration.ofSeconds(fatalRetrySecs),
                Duration.ofMillis(minRestartMillis), new RestartPolicy.OnFatal.Ignore());
    }

    private static ReadinessSpec ready(ReadyCheck check, int timeoutSecs) {
        return new ReadinessSpec(List.of(), check, Duration.ofSeconds(timeoutSecs), HealthSpec.NONE);
    }

    private static ReadinessSpec health(HealthCheck check, int intervalSecs, int retries, HealthAction action) {
        return new ReadinessSpec(List.of(), new ReadyCheck.StartSecs(), Duration.ofSeconds(60),
                new HealthSpec(check, Duration.ofSeconds(intervalSecs), Duration.ofSeconds(1), retries, action));
    }

    /** Every start fails at once; returns the spawn times. */
    private static List<Long> crashLoop(VirtualProcess v, int spawns) {
        v.process.start();
        for (int i = 0; i < spawns; i++) {
            v.exits(1);
            if (i < spawns - 1) v.time.runNext();
        }
        return v.timesOf(STARTING);
    }

    @Test
    void exponentialBackoffDoublesUpToBackoffMax() {
        var v = new VirtualProcess(program("x", "/bin/sh").startSecs(1).startRetries(10)
                .restartPolicy(policy(Backoff.EXPONENTIAL, 5, 0, 1000)).spec());
        List<Long> spawns = crashLoop(v, 6);
        // waits 1, 2, 4, then capped at 5 s (each + 1 ms)
        assertThat(spawns).containsExactly(0L, 1001L, 3002L, 7003L, 12004L, 17005L);
    }

    @Test
    void infiniteStartretriesNeverGivesUp() {
        var v = new VirtualProcess(program("x", "/bin/sh").startSecs(1).startRetries(Integer.MAX_VALUE)
                .restartPolicy(policy(Backoff.LINEAR, 3, 0, 1000)).spec());
        crashLoop(v, 200);
        assertThat(v.state()).isEqualTo(BACKOFF);
        assertThat(v.timesOf(FATAL)).isEmpty();
        assertThat(v.os.spawns).hasSize(200);
    }

    @Test
    void fatalRetryAfterStartsAgainAfterTheCoolDown() {
        var v = new VirtualProcess(program("x", "/bin/sh").startSecs(1).startRetries(0)
                .restartPolicy(policy(Backoff.LINEAR, 0, 600, 1000)).spec());
        v.process.start();
        v.exits(1);
        assertThat(v.state()).isEqualTo(FATAL);
        v.time.advance(Duration.ofSeconds(599));
        assertThat(v.state()).isEqualTo(FATAL);
        v.time.advance(S);
        assertThat(v.state()).isEqualTo(STARTING);
        assertThat(v.timesOf(STARTING)).containsExactly(0L, 600_000L);
        assertThat(v.mainLog()).contains("x will be started again in 600 s (fatal_retry_after)");
    }

    @Test
    void aStopInFatalCancelsTheFatalRetry() {
        var v = new VirtualProcess(program("x", "/bin/sh").startSecs(1).startRetries(0)
                .restartPolicy(policy(Backoff.LINEAR, 0, 600, 1000)).spec());
        v.process.start();
        v.exits(1);
        assertThat(v.state()).isEqualTo(FATAL);
        assertThat(v.process.stop()).contains("but it wasn't running");
        v.time.advance(Duration.ofSeconds(3600));
        assertThat(v.state()).isEqualTo(FATAL);
        assertThat(v.timesOf(STARTING)).containsExactly(0L);
        assertThat(v.mainLog()).contains("x will not be started again (stopped while FATAL)");
    }

    @Test
    void minRestartIntervalIsTheCrashLoopGuard() {
        var v = new VirtualProcess(program("x", "/bin/sh").startSecs(0)
                .restartPolicy(policy(Backoff.LINEAR, 0, 0, 5000)).spec());
        v.process.start();
        v.time.advance(Duration.ofMillis(200));
        v.exits(1);
        v.time.advance(Duration.ofMillis(4799));
        assertThat(v.state()).isEqualTo(EXITED);
        v.time.advance(Duration.ofMillis(1));
        assertThat(v.timesOf(STARTING)).containsExactly(0L, 5000L);

        var now = new VirtualProcess(program("y", "/bin/sh").startSecs(0)
                .restartPolicy(policy(Backoff.LINEAR, 0, 0, 0)).spec());
        now.process.start();
        now.exits(1);
        assertThat(now.timesOf(STARTING)).as("min_restart_interval=0: at once").containsExactly(0L, 0L);
    }

    @Test
    void notifyReadyMakesItRunningAndStartsecsDoesNotApply() {
        var v = new VirtualProcess(program("svc", "/bin/sh").startSecs(1)
                .readiness(ready(new ReadyCheck.Notify(), 30)).spec());
        v.process.start();
        v.time.advance(Duration.ofSeconds(10));
        assertThat(v.state()).as("startsecs is not the rule with ready_check=notify").isEqualTo(STARTING);
        assertThat(v.process.info().description()).isEqualTo("not ready yet");
        v.notify("STATUS=loading data\nWATCHDOG=1");
        assertThat(v.process.info().description()).isEqualTo("not ready yet, loading data");
        v.notify("READY=1\nSTATUS=serving");
        assertThat(v.state()).isEqualTo(RUNNING);
        assertThat(v.timesOf(RUNNING)).containsExactly(10_000L);
        assertThat(v.process.info().description()).startsWith("pid ").endsWith(", serving");
        assertThat(v.mainLog()).contains("success: svc entered RUNNING state, process is ready (ready_check=notify)");
    }

    @Test
    void notReadyWithinReadyTimeoutIsAFailedStart() {
        var v = new VirtualProcess(program("slow", "/bin/sh").startRetries(0)
                .readiness(ready(new ReadyCheck.Fd(3), 30)).spec());
        v.process.start();
        int pid = v.process.pid();
        assertThat(v.os.spawns.getFirst().inherited()).containsKey(3);
        v.time.advance(Duration.ofSeconds(30));
        assertThat(v.os.kills).containsExactly(new FakeOs.Kill(pid, Signals.SIGKILL));
        v.killedBy(Signals.SIGKILL);
        assertThat(v.states()).containsExactly(STARTING, BACKOFF, FATAL);
        assertThat(v.process.info().description()).isEqualTo("not ready within 30 s (ready_check=fd:3)");
    }

    @Test
    void aPolledReadyCheckIsTriedUntilItPasses() {
        var v = new VirtualProcess(program("web", "/bin/sh")
                .readiness(ready(new ReadyCheck.Polled(new Probe.Tcp("127.0.0.1", 8080)), 60)).spec());
        v.process.start();
        v.time.advance(Duration.ofMillis(500));
        v.answerProbe("connection refused");
        assertThat(v.process.info().description()).isEqualTo("not ready yet: connection refused");
        v.time.advance(Duration.ofMillis(500));
        v.answerProbe(null);
        assertThat(v.state()).isEqualTo(RUNNING);
        assertThat(v.timesOf(RUNNING)).containsExactly(1000L);
        assertThat(v.probes).isEmpty();
        v.time.advance(Duration.ofSeconds(10));
        assertThat(v.probes).as("no polling once ready").isEmpty();
    }

    @Test
    void anUnhealthyProgramIsRestartedOncePerRetriesWindow() {
        var v = new VirtualProcess(program("api", "/bin/sh").startSecs(0)
                .readiness(health(new HealthCheck.Polled(new Probe.Exec("false")), 2, 3, HealthAction.RESTART)).spec());
        v.process.start();
        int first = v.process.pid();
        for (int i = 0; i < 2; i++) {
            v.time.advance(Duration.ofSeconds(2));
            v.answerProbe("exit status 1");
        }
        assertThat(v.os.kills).isEmpty();
        assertThat(v.process.info().description()).endsWith("health failing 2/3: exit status 1");
        v.time.advance(Duration.ofSeconds(2));
        v.answerProbe("exit status 1");
        assertThat(v.state()).isEqualTo(STOPPING);
        assertThat(v.os.kills).containsExactly(new FakeOs.Kill(first, Signals.SIGTERM));
        assertThat(v.process.info().health()).isEqualTo("unhealthy");
        v.killedBy(Signals.SIGTERM);
        assertThat(v.state()).isEqualTo(RUNNING);   // startsecs=0: spawned again and running at once
        assertThat(v.process.pid()).isNotEqualTo(first);
        assertThat(v.states()).containsSubsequence(RUNNING, STOPPING, STOPPED, STARTING, RUNNING);
        // the new run counts from zero: two failures do nothing, a pass makes it healthy
        v.time.advance(Duration.ofSeconds(2));
        v.answerProbe("exit status 1");
        v.time.advance(Duration.ofSeconds(2));
        v.answerProbe(null);
        assertThat(v.process.info().health()).isEqualTo("healthy");
        assertThat(v.os.kills).hasSize(1);
    }

    @Test
    void aSilentWatchdogIsAFailure() {
        var v = new VirtualProcess(program("w", "/bin/sh").startSecs(0)
                .readiness(health(new HealthCheck.Watchdog(), 5, 1, HealthAction.STOP)).spec());
        v.process.start();
        v.time.advance(Duration.ofSeconds(3));
        v.notify("WATCHDOG=1");
        v.time.advance(Duration.ofSeconds(2));
        assertThat(v.process.info().health()).isEqualTo("healthy");
        v.time.advance(Duration.ofSeconds(5));
        assertThat(v.state()).isEqualTo(STOPPING);
        assertThat(v.mainLog()).contains("health check of w failed (1/1): watchdog: no WATCHDOG=1 within 5 s");
    }

    @Test
    void aDependentWaitsWithoutAChildAndSpawnsWhenReleased() {
        var v = new VirtualProcess(program("worker", "/bin/sh").startSecs(0).spec());
        v.unmet = List.of("api");
        v.process.start();
        assertThat(v.state()).isEqualTo(STARTING);
        assertThat(v.process.pid()).isZero();
        assertThat(v.os.spawns).isEmpty();
        assertThat(v.process.info().description()).isEqualTo("waiting for api");
        v.process.fire(Transitions.Event.DEPENDENCY_READY);
        assertThat(v.os.spawns).as("still unmet").isEmpty();
        v.unmet = List.of();
        v.process.fire(Transitions.Event.DEPENDENCY_READY);
        assertThat(v.state()).isEqualTo(RUNNING);
        assertThat(v.os.spawns).hasSize(1);

        var stopped = new VirtualProcess(program("w2", "/bin/sh").spec());
        stopped.unmet = List.of("api");
        stopped.process.start();
        assertThat(stopped.process.stop()).isNull();
        assertThat(stopped.state()).isEqualTo(STOPPED);
        assertThat(stopped.os.kills).isEmpty();
    }
}
