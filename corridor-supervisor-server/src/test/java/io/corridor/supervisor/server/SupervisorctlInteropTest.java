package io.corridor.supervisor.server;

import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.SupervisorState;
import io.corridor.supervisor.config.GroupSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Debian supervisorctl drives our server (over the Unix socket, and over TCP with auth) and must print what
 * it prints against supervisord for the same states.
 */
class SupervisorctlInteropTest {
    @TempDir Path dir;
    private ServerFixture fx;
    private Supervisorctl ctl;

    @BeforeEach
    void setUp() throws Exception {
        Supervisorctl.assumeInstalled();
        fx = new ServerFixture(dir, Optional.of(TestConfigs.unix(dir.resolve("s.sock"))),
                Optional.of(TestConfigs.inet("admin", "secret")), ServerFixture.standardGroups(dir), ServerOptions.defaults());
        fx.supervisor.force("sleeper", ProcessState.RUNNING);
        fx.supervisor.force("grp:a", ProcessState.RUNNING);
        ctl = Supervisorctl.forUrl(dir, "unix://" + fx.socket(), null, null);
    }

    @AfterEach
    void tearDown() {
        if (fx != null) fx.close();
    }

    private static String line(String name, String state, String desc) {
        return String.format("%-33s%-10s%s", name, state, desc);
    }

    @Test
    void status_lists_every_process_like_supervisord_and_exits_3_when_one_is_stopped() throws Exception {
        var r = ctl.run("status");
        long sleeperPid = fx.supervisor.proc("sleeper").pid;
        long aPid = fx.supervisor.proc("grp:a").pid;
        assertThat(r.output().lines().toList()).hasSize(4);
        assertThat(r.output().lines().toList().get(0)).matches(java.util.regex.Pattern.quote(line("grp:a", "RUNNING", "pid " + aPid + ", uptime ")) + "0:00:0\\d");
        assertThat(r.output().lines().toList().get(1)).isEqualTo(line("grp:b", "STOPPED", "Not started"));
        assertThat(r.output().lines().toList().get(2)).isEqualTo(line("manual", "STOPPED", "Not started"));
        assertThat(r.output().lines().toList().get(3)).startsWith(line("sleeper", "RUNNING", "pid " + sleeperPid + ", uptime "));
        assertThat(r.exitCode()).isEqualTo(3);

        var one = ctl.run("status", "sleeper");
        assertThat(one.exitCode()).isZero();
        var bad = ctl.run("status", "nosuch");
        assertThat(bad.output()).isEqualTo("nosuch: ERROR (no such process)\n");
        assertThat(bad.exitCode()).isEqualTo(4);
    }

    @Test
    void start_stop_restart_report_each_process_with_supervisords_exit_codes() throws Exception {
        assertThat(ctl.run("start", "manual")).isEqualTo(new Supervisorctl.Result(0, "manual: started\n"));
        assertThat(fx.supervisor.proc("manual").state).isEqualTo(ProcessState.RUNNING);
        assertThat(ctl.run("start", "sleeper")).isEqualTo(new Supervisorctl.Result(0, "sleeper: ERROR (already started)\n"));
        assertThat(ctl.run("start", "nosuch")).isEqualTo(new Supervisorctl.Result(1, "nosuch: ERROR (no such process)\n"));
        assertThat(ctl.run("start", "grp:*")).isEqualTo(new Supervisorctl.Result(0, "grp:b: started\n"));

        assertThat(ctl.run("stop", "manual")).isEqualTo(new Supervisorctl.Result(0, "manual: stopped\n"));
        assertThat(ctl.run("stop", "manual")).isEqualTo(new Supervisorctl.Result(0, "manual: ERROR (not running)\n"));
        assertThat(ctl.run("restart", "sleeper")).isEqualTo(new Supervisorctl.Result(0, "sleeper: stopped\nsleeper: started\n"));

        fx.supervisor.proc("manual").startFailure = io.corridor.supervisor.Fault.SPAWN_ERROR;
        assertThat(ctl.run("start", "manual")).isEqualTo(new Supervisorctl.Result(7, "manual: ERROR (spawn error)\n"));
    }

    @Test
    void a_start_that_waits_for_startsecs_does_not_block_other_clients() throws Exception {
        // the start ends when the test says so: "answered while the start still waits" holds however slow the
        // machine (two Python supervisorctl start-ups can take seconds under load)
        var held = new java.util.concurrent.CompletableFuture<Void>();
        fx.supervisor.proc("manual").startHeld = held;
        Process slow = ctl.spawn("start", "manual");
        try {
            Wait.until(() -> fx.supervisor.proc("manual").state == ProcessState.STARTING, Duration.ofSeconds(30));
            var status = ctl.run("status", "sleeper");
            assertThat(status.exitCode()).isZero();
            assertThat(fx.supervisor.proc("manual").state).as("still starting").isEqualTo(ProcessState.STARTING);
            assertThat(slow.isAlive()).as("the waiting start still waits").isTrue();
            held.complete(null);
            assertThat(slow.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("manual: started\n");
        } finally {
            slow.destroyForcibly();
        }
    }

    @Test
    void signal_and_pid() throws Exception {
        assertThat(ctl.run("signal", "HUP", "sleeper")).isEqualTo(new Supervisorctl.Result(0, "sleeper: signalled\n"));
        assertThat(fx.supervisor.proc("sleeper").signals).containsExactly("SIGHUP");
        assertThat(ctl.run("signal", "BOGUS", "sleeper")).isEqualTo(new Supervisorctl.Result(1, "sleeper: ERROR (bad signal name)\n"));
        assertThat(ctl.run("signal", "TERM", "manual")).isEqualTo(new Supervisorctl.Result(7, "manual: ERROR (not running)\n"));
        assertThat(ctl.run("signal", "USR1", "grp:*")).isEqualTo(new Supervisorctl.Result(0, "grp:a: signalled\n"));

        assertThat(ctl.run("pid")).isEqualTo(new Supervisorctl.Result(0, ProcessHandle.current().pid() + "\n"));
        assertThat(ctl.run("pid", "sleeper")).isEqualTo(new Supervisorctl.Result(0, fx.supervisor.proc("sleeper").pid + "\n"));
        assertThat(ctl.run("pid", "manual")).isEqualTo(new Supervisorctl.Result(7, "0\n"));
        assertThat(ctl.run("version").output()).isEqualTo("0.1.0\n");
    }

    @Test
    void avail_reread_and_update() throws Exception {
        assertThat(ctl.run("avail").output()).isEqualTo(String.join("", List.of(
                String.format("%-32s %-9s %-9s %s%n", "grp:a", "in use", "auto", "100:999"),
                String.format("%-32s %-9s %-9s %s%n", "grp:b", "in use", "auto", "100:999"),
                String.format("%-32s %-9s %-9s %s%n", "manual", "in use", "auto", "999:999"),
                String.format("%-32s %-9s %-9s %s%n", "sleeper", "in use", "auto", "999:999"))));
        assertThat(ctl.run("reread")).isEqualTo(new Supervisorctl.Result(0, "No config updates to processes\n"));

        List<GroupSpec> next = new ArrayList<>(ServerFixture.standardGroups(dir));
        next.removeIf(g -> g.name().equals("manual"));
        next.add(TestConfigs.group("newprog", 999, dir));
        fx.supervisor.setPending(TestConfigs.config(dir, Optional.empty(), Optional.empty(), next));
        assertThat(ctl.run("reread")).isEqualTo(new Supervisorctl.Result(0, "manual: disappeared\nnewprog: available\n"));
        assertThat(ctl.run("avail").output()).contains(String.format("%-32s %-9s %-9s %s%n", "newprog", "avail", "auto", "999:999"));
        assertThat(ctl.run("update")).isEqualTo(new Supervisorctl.Result(0,
                "manual: stopped\nmanual: removed process group\nnewprog: added process group\n"));
        assertThat(fx.supervisor.proc("newprog")).isNotNull();
        assertThat(fx.supervisor.proc("manual")).isNull();
        assertThat(ctl.run("update")).isEqualTo(new Supervisorctl.Result(0, ""));
    }

    @Test
    void tail_and_tail_follow() throws Exception {
        fx.supervisor.appendLog("sleeper", LogChannel.STDOUT, "hello from sleeper\n");
        // supervisorctl prints the log text and then a newline of its own, as against supervisord
        assertThat(ctl.run("tail", "sleeper")).isEqualTo(new Supervisorctl.Result(0, "hello from sleeper\n\n"));
        assertThat(ctl.run("tail", "sleeper", "stderr")).isEqualTo(new Supervisorctl.Result(1, "sleeper: ERROR (no log file)\n"));

        Process follower = ctl.spawn("tail", "-f", "sleeper");
        try {
            InputStream out = follower.getInputStream();
            assertThat(readUntil(out, "hello from sleeper\n")).startsWith("==> Press Ctrl-C to exit <==\n");
            fx.supervisor.appendLog("sleeper", LogChannel.STDOUT, "a new line\n");
            assertThat(readUntil(out, "a new line\n")).isEqualTo("a new line\n");
        } finally {
            follower.destroyForcibly();
            follower.waitFor();
        }
    }

    @Test
    void group_and_all_forms_maintail_and_clear() throws Exception {
        var grp = ctl.run("status", "grp:*");
        assertThat(grp.output().lines().toList()).hasSize(2);
        assertThat(grp.output().lines().toList().get(1)).isEqualTo(line("grp:b", "STOPPED", "Not started"));
        assertThat(grp.exitCode()).isEqualTo(3);
        assertThat(ctl.run("status", "nosuch:*")).isEqualTo(new Supervisorctl.Result(4, "nosuch: ERROR (no such group)\n"));
        assertThat(ctl.run("stop", "all")).isEqualTo(new Supervisorctl.Result(0, "grp:a: stopped\nsleeper: stopped\n"));
        assertThat(ctl.run("start", "all")).isEqualTo(new Supervisorctl.Result(0,
                "grp:a: started\ngrp:b: started\nmanual: started\nsleeper: started\n"));

        java.nio.file.Files.writeString(fx.supervisor.mainLogFile(), "2026-11-26 10:00:00,000 INFO supervisord started\n");
        assertThat(ctl.run("maintail")).isEqualTo(new Supervisorctl.Result(0, "2026-11-26 10:00:00,000 INFO supervisord started\n\n"));
        fx.supervisor.appendLog("sleeper", LogChannel.STDOUT, "to be cleared\n");
        assertThat(ctl.run("clear", "sleeper")).isEqualTo(new Supervisorctl.Result(0, "sleeper: cleared\n"));
        assertThat(ctl.run("tail", "sleeper").output()).isEqualTo("\n");
    }

    @Test
    void tcp_with_auth_serves_the_same_and_refuses_a_wrong_password() throws Exception {
        String url = "http://127.0.0.1:" + fx.inet().getPort();
        var good = Supervisorctl.forUrl(dir, url, "admin", "secret");
        assertThat(good.run("status", "grp:b")).isEqualTo(new Supervisorctl.Result(3, line("grp:b", "STOPPED", "Not started") + "\n"));
        assertThat(good.run("start", "grp:b")).isEqualTo(new Supervisorctl.Result(0, "grp:b: started\n"));
        assertThat(good.run("stop", "grp:b")).isEqualTo(new Supervisorctl.Result(0, "grp:b: stopped\n"));
        var bad = Supervisorctl.forUrl(dir, url, "admin", "wrong");
        var r = bad.run("status");
        // byte for byte what Debian's supervisorctl prints against supervisord with a wrong password, and exit 1
        assertThat(r.output()).startsWith("Server requires authentication\n"
                + "error: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: 401 Unauthorized>");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void shutdown() throws Exception {
        assertThat(ctl.run("shutdown")).isEqualTo(new Supervisorctl.Result(0, "Shut down\n"));
        assertThat(fx.supervisor.state()).isEqualTo(SupervisorState.SHUTDOWN);
        assertThat(ctl.run("shutdown")).isEqualTo(new Supervisorctl.Result(0, "ERROR: already shutting down\n"));
        // supervisorctl's upcheck lets the SHUTDOWN_STATE fault escape, against supervisord too (checked: exit 1)
        var late = ctl.run("start", "manual");
        assertThat(late.output()).startsWith("error: <class 'xmlrpc.client.Fault'>, <Fault 6: 'SHUTDOWN_STATE'>");
        assertThat(late.exitCode()).isEqualTo(1);
    }

    /** Reads until {@code needle} appears (20 s at most) and returns what was read. */
    private static String readUntil(InputStream in, String needle) throws IOException {
        StringBuilder sb = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!sb.toString().contains(needle)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + needle + "' in: " + sb);
            if (in.available() > 0) {
                int b = in.read();
                if (b < 0) throw new AssertionError("stream ended before '" + needle + "': " + sb);
                sb.append((char) b);
            } else {
                Wait.sleepBriefly();
            }
        }
        return sb.toString();
    }
}
