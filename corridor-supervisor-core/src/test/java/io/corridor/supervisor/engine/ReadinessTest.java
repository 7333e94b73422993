package io.corridor.supervisor.engine;

import com.sun.net.httpserver.HttpServer;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.config.EnvironmentFile;
import io.corridor.supervisor.config.Probe;
import io.corridor.supervisor.config.ReadinessSpec;
import io.corridor.supervisor.config.ReadinessSpec.HealthAction;
import io.corridor.supervisor.config.ReadinessSpec.HealthCheck;
import io.corridor.supervisor.config.ReadinessSpec.HealthSpec;
import io.corridor.supervisor.config.ReadinessSpec.ReadyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;

/** ready_check, depends_on, health_check and environment_file with real children, sockets and files. */
class ReadinessTest {
    private static final String PYTHON = "/usr/bin/python3";
    @TempDir Path dir;

    private static ReadinessSpec readiness(List<String> dependsOn, ReadyCheck check, int timeoutSecs) {
        return new ReadinessSpec(dependsOn, check, Duration.ofSeconds(timeoutSecs), HealthSpec.NONE);
    }

    /** A program for systemd's Type=notify: marks itself ready in a file, then sends READY=1. */
    private String notifyScript(Path marker) {
        return "import socket, os, time\n"
                + "time.sleep(0.3)\n"
                + "open('" + marker + "', 'w').close()\n"
                + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                + "s.connect(os.environ['NOTIFY_SOCKET'])\n"
                + "s.send(b'READY=1\\nSTATUS=serving requests')\n"
                + "time.sleep(1000)\n";
    }

    @Test
    void aDependentIsNeverSpawnedBeforeItsDependencySaysReady() throws Exception {
        Path marker = dir.resolve("api-ready");
        var api = program("api", PYTHON, "-c", notifyScript(marker)).priority(200)
                .readiness(readiness(List.of(), new ReadyCheck.Notify(), 30));
        // the worker fails (exit 7) if it is ever spawned before the api said READY=1
        var worker = program("worker", "/bin/sh", "-c", "test -f " + marker + " || exit 7; exec sleep 1000")
                .priority(100).startSecs(0).startRetries(0)
                .readiness(readiness(List.of("api"), new ReadyCheck.StartSecs(), 60));
        try (var f = new EngineFixture(config(dir, api.asGroup(), worker.asGroup()))) {
            ProcessInfo w = f.awaitState("worker", ProcessState.RUNNING);
            assertThat(f.info("api").state()).isEqualTo(ProcessState.RUNNING);
            // state changes reach subscribers on the notification thread, a little after the snapshot shows them
            EngineFixture.await("RUNNING changes delivered",
                    () -> !f.changesOf("worker", c -> c.to() == ProcessState.RUNNING).isEmpty(), Duration.ofSeconds(30));
            assertThat(f.info("api").description()).endsWith(", serving requests");
            assertThat(f.changesOf("worker", c -> c.to() == ProcessState.BACKOFF)).isEmpty();
            long apiRunning = f.firstChange("api", c -> c.to() == ProcessState.RUNNING).whenMillis();
            long workerRunning = f.firstChange("worker", c -> c.to() == ProcessState.RUNNING).whenMillis();
            assertThat(workerRunning).isGreaterThanOrEqualTo(apiRunning);
            assertThat(f.mainLog()).contains("worker waits for api (depends_on)")
                    .contains("success: api entered RUNNING state, process is ready (ready_check=notify)");

            // stopping the dependency stops its dependent first
            f.supervisor.stopProcess("api", true).get(30, TimeUnit.SECONDS);
            assertThat(f.info("worker").state()).isEqualTo(ProcessState.STOPPED);
            EngineFixture.await("STOPPED changes delivered",
                    () -> !f.changesOf("api", c -> c.to() == ProcessState.STOPPED).isEmpty(), Duration.ofSeconds(30));
            long workerStopped = f.firstChange("worker", c -> c.to() == ProcessState.STOPPED).whenMillis();
            StateChange apiStopping = f.firstChange("api", c -> c.to() == ProcessState.STOPPING);
            assertThat(apiStopping.whenMillis()).isGreaterThanOrEqualTo(workerStopped);
            assertThat(f.changes.indexOf(apiStopping))
                    .isGreaterThan(f.changes.indexOf(f.firstChange("worker", c -> c.to() == ProcessState.STOPPED)));

            // start worker starts its stopped dependency first
            Files.delete(marker);
            f.supervisor.startProcess("worker", true).get(30, TimeUnit.SECONDS);
            assertThat(f.info("api").state()).isEqualTo(ProcessState.RUNNING);
            assertThat(w.pid()).isNotEqualTo(f.info("worker").pid());
        }
    }

    @Test
    void shutdownStopsDependentsFirstWhateverTheirPriority() throws Exception {
        // worker has the LOWER priority number, so supervisord's order alone would stop api first
        var api = program("api", "sleep", "1000").priority(900).startSecs(0);
        var worker = program("worker", "sleep", "1000").priority(100).startSecs(0)
                .readiness(readiness(List.of("api"), new ReadyCheck.StartSecs(), 60));
        EngineFixture f = new EngineFixture(config(dir, api.asGroup(), worker.asGroup()));
        try {
            f.awaitState("worker", ProcessState.RUNNING);
            f.supervisor.shutdown(); // the ordered stop (the fixture's close would SIGKILL first)
            f.supervisor.terminated().get(30, TimeUnit.SECONDS);
        } finally {
            f.close();
        }
        int workerStopped = f.changes.indexOf(f.firstChange("worker", c -> c.to() == ProcessState.STOPPED));
        int apiStopping = f.changes.indexOf(f.firstChange("api", c -> c.to() == ProcessState.STOPPING));
        assertThat(apiStopping).isGreaterThan(workerStopped);
    }

    @Test
    void fdReadinessIsANewlineOnThatDescriptor() {
        var p = program("s6style", "/bin/sh", "-c", "sleep 0.2; echo >&3; exec sleep 1000").startSecs(100)
                .readiness(readiness(List.of(), new ReadyCheck.Fd(3), 30));
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("s6style", ProcessState.RUNNING);
            assertThat(f.mainLog()).contains("process is ready (ready_check=fd:3)");
        }
    }

    @Test
    void httpReadinessWaitsForA2xx() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Path flag = dir.resolve("up");
        server.createContext("/health", ex -> {
            ex.sendResponseHeaders(Files.exists(flag) ? 204 : 503, -1);
            ex.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
            var p = program("web", "sleep", "1000")
                    .readiness(readiness(List.of(), new ReadyCheck.Polled(new Probe.Http(uri)), 30));
            try (var f = new EngineFixture(config(dir, p.asGroup()))) {
                // the test, not a timer in the child, turns the health endpoint to 2xx: only once a 503 was seen
                EngineFixture.await("a failed probe", () -> f.info("web").description().contains("HTTP 503"),
                        Duration.ofSeconds(20));
                assertThat(f.info("web").state()).isEqualTo(ProcessState.STARTING);
                Files.createFile(flag);
                f.awaitState("web", ProcessState.RUNNING);
                assertThat(f.mainLog()).contains("success: web entered RUNNING state, process is ready (ready_check=http");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void tcpReadinessThatNeverPassesIsAFailedStart() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        var p = program("nolisten", "sleep", "1000").startRetries(0)
                .readiness(readiness(List.of(), new ReadyCheck.Polled(new Probe.Tcp("127.0.0.1", closedPort)), 2));
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            ProcessInfo fatal = f.awaitState("nolisten", ProcessState.FATAL);
            assertThat(fatal.description()).isEqualTo("not ready within 2 s (ready_check=tcp:127.0.0.1:" + closedPort + ")");
            assertThat(f.mainLog()).contains("nolisten was not ready within 2 s").contains("connection refused");
        }
    }

    @Test
    void aFailingExecHealthCheckRestartsTheProgram() {
        Path healthy = dir.resolve("healthy");
        var health = new HealthSpec(new HealthCheck.Polled(new Probe.Exec("test -f " + healthy)),
                Duration.ofMillis(300), Duration.ofSeconds(5), 2, HealthAction.RESTART);
        var p = program("api", "sleep", "1000").startSecs(0)
                .readiness(new ReadinessSpec(List.of(), new ReadyCheck.StartSecs(), Duration.ofSeconds(60), health));
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            long first = f.awaitState("api", ProcessState.RUNNING).pid();
            EngineFixture.await("the restart decided", () -> f.mainLog().contains("restarting api: unhealthy"),
                    Duration.ofSeconds(20));
            // healthy from now on, made so as soon as the restart is decided: the next spawn's checks (every 300 ms,
            // 2 failures restart) must not run out before the test gets here, however slow the machine
            Files.writeString(healthy, "");
            EngineFixture.await("a restart", () -> f.changesOf("api", c -> c.to() == ProcessState.STOPPED).size() == 1,
                    Duration.ofSeconds(20));
            ProcessInfo again = f.awaitState("api", ProcessState.RUNNING);
            assertThat(again.pid()).isNotEqualTo(first);
            assertThat(f.mainLog()).contains("health check of api failed (1/2): exec:test -f " + healthy + ": exit status 1")
                    .contains("restarting api: unhealthy (health_action=restart)");
            // no second restart, and status says so
            EngineFixture.await("healthy", () -> f.info("api").health().equals("healthy"), Duration.ofSeconds(20));
            assertThat(f.info("api").description()).endsWith(", healthy");
            assertThat(f.changesOf("api", c -> c.to() == ProcessState.STOPPED)).hasSize(1);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void environmentFilesAreReadAtEachSpawnAndEnvironmentWins() throws Exception {
        Path env = dir.resolve("app.env");
        Path out = dir.resolve("out");
        Files.writeString(env, "# comment\n; another\nGREETING=\"hello  world\"\nSHARED=from-file\nexport_ok='a$b'\n");
        var p = program("app", "/bin/sh", "-c", "echo \"$GREETING|$SHARED|$export_ok\" > " + out + "; exec sleep 1000")
                .startSecs(0).env("SHARED", "from-environment")
                .environmentFiles(new EnvironmentFile(env, false), new EnvironmentFile(dir.resolve("missing.env"), true));
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("app", ProcessState.RUNNING);
            EngineFixture.await("output", () -> Files.exists(out) && !readQuietly(out).isEmpty(), Duration.ofSeconds(20));
            assertThat(Files.readString(out)).isEqualTo("hello  world|from-environment|a$b\n");

            Files.writeString(env, "GREETING=changed\n");
            Files.delete(out);
            f.supervisor.stopProcess("app", true).get(20, TimeUnit.SECONDS);
            f.supervisor.startProcess("app", true).get(20, TimeUnit.SECONDS);
            EngineFixture.await("output", () -> Files.exists(out) && !readQuietly(out).isEmpty(), Duration.ofSeconds(20));
            assertThat(Files.readString(out)).isEqualTo("changed|from-environment|\n");

            Files.writeString(env, "not an assignment\n");
            f.supervisor.stopProcess("app", true).get(20, TimeUnit.SECONDS);
            EngineFixture.await("failed spawn", () -> {
                try {
                    f.supervisor.startProcess("app", false).get(20, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // SPAWN_ERROR is what we want
                }
                return f.info("app").state() == ProcessState.BACKOFF || f.info("app").state() == ProcessState.FATAL;
            }, Duration.ofSeconds(20));
            assertThat(f.info("app").spawnErr()).contains("couldn't read environment_file " + env)
                    .contains("line 1 of " + env + " is not KEY=VALUE");
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
