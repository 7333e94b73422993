package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations page's daemon workflow from the unpacked tarball, with no flags at all: start, status, a conf.d
 * drop-in applied with update, stop, and nothing left running.
 */
class DaemonIT {
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir Path dir;
    private Installation inst;

    @AfterEach
    void nothingLeftRunning() throws Exception {
        if (inst == null) return;
        inst.assertNothingLeftRunning();
    }

    @Test
    void startStatusUpdateStopWithDefaults() throws Exception {
        inst = Installation.unpack(dir);
        Path pidfile = inst.home.resolve("instances/default/pids/supervisord.pid");
        Path logfile = inst.home.resolve("instances/default/logs/supervisord.log");

        assertThat(inst.supervisord(T, "daemon", "status").exit()).isEqualTo(3);

        Installation.Result start = inst.supervisord(T, "daemon", "start");
        assertThat(start.exit()).as(start.toString()).isZero();
        assertThat(start.out()).contains("corridor-supervisord started (pid");
        long pid = Long.parseLong(Files.readString(pidfile).strip());
        assertThat(ProcessHandle.of(pid)).isPresent();
        try {
            Installation.Result again = inst.supervisord(T, "daemon", "start");
            assertThat(again.exit()).isZero();
            assertThat(again.out()).contains("already running (pid " + pid + ")");

            Installation.Result status = inst.supervisord(T, "daemon", "status");
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("running (pid " + pid + ")");

            awaitCtl("demo-workers:demo-workers_01", "RUNNING");
            Installation.Result ctlStatus = inst.ctl(T, "status");
            assertThat(ctlStatus.out()).contains("demo-clock", "demo-workers:demo-workers_00");
            long workerPid = pidOf("demo-workers:demo-workers_00");

            Files.writeString(inst.home.resolve("etc/conf.d/extra.conf"),
                    "[program:extra]\ncommand=sleep 100000\nstartsecs=0\n");
            Installation.Result reread = inst.ctl(T, "reread");
            assertThat(reread.out()).isEqualTo("extra: available\n");
            Installation.Result update = inst.ctl(T, "update");
            assertThat(update.exit()).as(update.toString()).isZero();
            assertThat(update.out()).isEqualTo("extra: added process group\n");
            awaitCtl("extra", "RUNNING");
            // unchanged programs keep their pids
            assertThat(pidOf("demo-workers:demo-workers_00")).isEqualTo(workerPid);
            assertThat(Files.readString(logfile)).contains("spawned: 'extra' with pid");
        } finally {
            Installation.Result stop = inst.supervisord(T, "daemon", "stop");
            assertThat(stop.exit()).as(stop.toString()).isZero();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(pidfile).doesNotExist();
        assertThat(inst.supervisord(T, "daemon", "status").exit()).isEqualTo(3);
        assertThat(inst.supervisord(T, "daemon", "stop").out()).contains("not running");
    }

    @Test
    void sighupAppliesConfDChangesAndKeepsUnchangedProcesses() throws Exception {
        inst = Installation.unpack(dir);
        Path pidfile = inst.home.resolve("instances/default/pids/supervisord.pid");
        Path logfile = inst.home.resolve("instances/default/logs/supervisord.log");
        assertThat(inst.supervisord(T, "daemon", "start").exit()).isZero();
        long pid = Long.parseLong(Files.readString(pidfile).strip());
        try {
            awaitCtl("demo-workers:demo-workers_01", "RUNNING");
            long worker = pidOf("demo-workers:demo-workers_00");
            long clock = pidOf("demo-clock");

            // a broken drop-in: reported, nothing changes
            Path broken = inst.home.resolve("etc/conf.d/broken.conf");
            Files.writeString(broken, "[program:broken]\ncommand=sleep 1000\nstartsecs=soon\n");
            kill("-HUP", pid);
            Installation.await("SIGHUP refusal logged", () -> Files.readString(logfile)
                    .contains("SIGHUP: configuration not applied"), T);
            assertThat(Files.readString(logfile)).contains(broken + ":3");
            Files.delete(broken);

            // one added, one changed (demo-clock), the workers unchanged
            Files.writeString(inst.home.resolve("etc/conf.d/extra.conf"), "[program:extra]\ncommand=sleep 100000\nstartsecs=0\n");
            Path demo = inst.home.resolve("etc/conf.d/demo.conf");
            Files.writeString(demo, Files.readString(demo).replace("stdout_logfile_backups=2", "stdout_logfile_backups=3"));
            kill("-HUP", pid);
            awaitCtl("extra", "RUNNING");
            Installation.await("demo-clock restarted", () -> {
                Installation.Result r = inst.ctl(T, "pid", "demo-clock");
                return r.exit() == 0 && Long.parseLong(r.out().strip()) != clock;
            }, T);
            assertThat(pidOf("demo-workers:demo-workers_00")).isEqualTo(worker);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
        } finally {
            assertThat(inst.supervisord(T, "daemon", "stop").exit()).isZero();
        }
    }

    private void kill(String signal, long pid) throws Exception {
        assertThat(Installation.run(dir, Map.of(), T, "kill", signal, Long.toString(pid)).exit()).isZero();
    }

    @Test
    void stalePidfileIsReplacedAndDeadDaemonIsReported(@TempDir Path other) throws Exception {
        inst = Installation.unpack(dir);
        Path pidfile = inst.home.resolve("instances/default/pids/supervisord.pid");
        // a pid that cannot be alive: above the kernel's pid_max
        Files.writeString(pidfile, "99999999\n");
        Installation.Result status = inst.supervisord(T, "daemon", "status");
        assertThat(status.exit()).as(status.toString()).isEqualTo(1);
        assertThat(status.out()).contains("dead");

        Installation.Result start = inst.supervisord(T, "daemon", "start");
        try {
            assertThat(start.exit()).as(start.toString()).isZero();
            assertThat(start.out()).contains("stale pidfile", "started (pid");
        } finally {
            assertThat(inst.supervisord(T, "daemon", "stop").exit()).isZero();
        }
    }

    @Test
    void startRefusesAPidfileHeldByAnotherLiveProgram() throws Exception {
        inst = Installation.unpack(dir);
        Path pidfile = inst.home.resolve("instances/default/pids/supervisord.pid");
        long notOurs = ProcessHandle.current().pid(); // this test JVM: alive, and not corridor-supervisord
        Files.writeString(pidfile, notOurs + "\n");
        Installation.Result r = inst.supervisord(T, "daemon", "start");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("names pid " + notOurs, "not corridor-supervisord", "not starting");
        assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(notOurs));
    }

    @Test
    void sigusr2ReopensTheLogAfterAnExternalRotation() throws Exception {
        inst = Installation.unpack(dir);
        Path pidfile = inst.home.resolve("instances/default/pids/supervisord.pid");
        Path logfile = inst.home.resolve("instances/default/logs/supervisord.log");
        assertThat(inst.supervisord(T, "daemon", "start").exit()).isZero();
        long pid = Long.parseLong(Files.readString(pidfile).strip());
        try {
            awaitCtl("demo-clock", "RUNNING");
            Path rotated = logfile.resolveSibling("supervisord.log.old");
            Files.move(logfile, rotated); // what logrotate does before it signals
            kill("-USR2", pid);
            Installation.await("log reopened", () -> Files.exists(logfile), T);
            assertThat(inst.ctl(T, "stop", "demo-clock").exit()).isZero();
            Installation.await("new lines in the new file", () -> Files.readString(logfile).contains("stopped: demo-clock"), T);
            assertThat(Files.readString(rotated)).contains("received SIGUSR2").doesNotContain("stopped: demo-clock");
        } finally {
            assertThat(inst.supervisord(T, "daemon", "stop").exit()).isZero();
        }
    }

    @Test
    void customLogfileAndPidfileAndInstance(@TempDir Path elsewhere) throws Exception {
        inst = Installation.unpack(dir);
        Path log = elsewhere.resolve("my.log");
        Path pid = elsewhere.resolve("my.pid");
        Installation.Result start = inst.supervisord(T, "daemon", "start", "--logfile", log.toString(),
                "--pidfile", pid.toString());
        try {
            assertThat(start.exit()).as(start.toString()).isZero();
            assertThat(pid).exists();
            assertThat(log).exists();
            Installation.Result status = inst.supervisord(T, "daemon", "status", "--pidfile", pid.toString());
            assertThat(status.exit()).isZero();
        } finally {
            assertThat(inst.supervisord(T, "daemon", "stop", "--pidfile", pid.toString()).exit()).isZero();
        }
        assertThat(pid).doesNotExist();
    }

    @Test
    void withoutDashNItDaemonizesLikeSupervisord() throws Exception {
        inst = Installation.unpack(dir);
        Path pidfile = inst.home.resolve("instances/default/pids/supervisord.pid");
        Installation.Result r = inst.supervisord(T);
        assertThat(r.exit()).as(r.toString()).isZero();
        long pid = Long.parseLong(Files.readString(pidfile).strip());
        try {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
            awaitCtl("demo-clock", "RUNNING");
        } finally {
            assertThat(inst.ctl(T, "shutdown").out()).isEqualTo("Shut down\n");
            Installation.await("supervisor exit", () -> ProcessHandle.of(pid).isEmpty(), T);
        }
    }

    @Test
    void initScriptWrapsDaemonCommands() throws Exception {
        inst = Installation.unpack(dir);
        String script = inst.home.resolve("share/init.d/corridor-supervisor").toString();
        assertThat(Installation.run(inst.home, Map.of(), T, "sh", "-n", script).exit()).isZero();
        Map<String, String> env = Map.of("INSTALL_DIR", inst.home.toString());
        assertThat(Installation.run(inst.home, env, T, "sh", script, "status").exit()).isEqualTo(3);
        Installation.Result start = Installation.run(inst.home, env, T, "sh", script, "start");
        try {
            assertThat(start.exit()).as(start.toString()).isZero();
            assertThat(Installation.run(inst.home, env, T, "sh", script, "status").exit()).isZero();
        } finally {
            assertThat(Installation.run(inst.home, env, T, "sh", script, "stop").exit()).isZero();
        }
        assertThat(Installation.run(inst.home, env, T, "sh", script, "status").exit()).isEqualTo(3);
    }

    private void awaitCtl(String name, String state) throws Exception {
        Installation.await(name + " " + state, () -> {
            Installation.Result r = inst.ctl(T, "status", name);
            return r.out().contains(state);
        }, T);
    }

    private long pidOf(String name) throws Exception {
        return Long.parseLong(inst.ctl(T, "pid", name).out().strip());
    }
}
