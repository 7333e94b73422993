package io.corridor.supervisor.ctl;

import io.corridor.supervisor.ctl.rpc.ServerUrl;
import io.corridor.supervisor.ctl.rpc.SupervisorClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real supervisord (or, with {@code -Dcorridor.ctl.test.server="... {conf}"}, any compatible server) on a Unix
 * socket in a temp dir, plus a TCP listener with Basic auth. Programs in mixed states: RUNNING (sleeper, two
 * workers), STOPPED (grp:manual), EXITED (oneshot), FATAL (quick).
 */
final class SupervisordFixture implements AutoCloseable {
    static final String SERVER_PROPERTY = "corridor.ctl.test.server";
    static final String SUPERVISORCTL_PROPERTY = "corridor.ctl.test.supervisorctl";
    static final String USER = "alice";
    static final String PASSWORD = "s3cret";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(20);
    private static final Set<String> TRANSIENT_STATES = Set.of("STARTING", "BACKOFF", "STOPPING");

    final Path dir;
    final Path config;
    final Path socket;
    final int httpPort;
    private Process server;

    private SupervisordFixture(Path dir, int httpPort) {
        this.dir = dir;
        this.config = dir.resolve("supervisord.conf");
        this.socket = dir.resolve("s.sock");
        this.httpPort = httpPort;
    }

    /** Skips (or fails on CI) when the reference tools are missing. */
    static void assumeToolsPresent() {
        boolean present = Files.isExecutable(Path.of(serverCommand().getFirst()))
                && Files.isExecutable(Path.of(supervisorctl()));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("supervisord/supervisorctl are required on CI: " + serverCommand() + ", " + supervisorctl());
        }
        assumeTrue(present, "supervisord or supervisorctl not installed");
    }

    static String supervisorctl() {
        return System.getProperty(SUPERVISORCTL_PROPERTY, "/usr/bin/supervisorctl");
    }

    private static List<String> serverCommand() {
        String command = System.getProperty(SERVER_PROPERTY, "/usr/bin/supervisord -n -c {conf}");
        return List.of(command.strip().split("\\s+"));
    }

    static SupervisordFixture start(Path dir) throws Exception {
        SupervisordFixture fixture = new SupervisordFixture(dir, freePort());
        fixture.writeConfig(fixture.baseConfig());
        fixture.startServer();
        return fixture;
    }

    String baseConfig() {
        return """
                [unix_http_server]
                file=%(here)s/s.sock

                [inet_http_server]
                port=127.0.0.1:PORT
                username=USER
                password=PASSWORD

                [supervisord]
                logfile=%(here)s/supervisord.log
                pidfile=%(here)s/supervisord.pid
                childlogdir=%(here)s
                loglevel=info

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [supervisorctl]
                serverurl=unix://%(here)s/s.sock

                [program:sleeper]
                command=sleep 1000
                startsecs=0
                stopwaitsecs=5

                [program:quick]
                command=sh -c 'echo out; echo err >&2; exit 3'
                startsecs=1
                startretries=0

                [program:oneshot]
                command=sh -c 'echo hello from oneshot'
                startsecs=0
                autorestart=false

                [program:manual]
                command=sleep 1000
                autostart=false
                startsecs=0

                [program:worker]
                command=sleep 1000
                numprocs=2
                process_name=%(program_name)s_%(process_num)02d
                startsecs=0
                stopwaitsecs=5

                [group:grp]
                programs=manual
                priority=100
                """.replace("PORT", Integer.toString(httpPort)).replace("USER", USER).replace("PASSWORD", PASSWORD);
    }

    void writeConfig(String text) throws IOException {
        Files.writeString(config, text, StandardCharsets.UTF_8);
    }

    void startServer() throws Exception {
        List<String> command = new ArrayList<>();
        for (String word : serverCommand()) {
            command.add(word.replace("{conf}", config.toString()));
        }
        server = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile()).start();
        awaitSettled();
    }

    /** Waits until the server answers and no process is in a transient state. */
    void awaitSettled() throws Exception {
        await("server on " + socket + " to settle", () -> {
            if (!server.isAlive()) {
                fail("server exited early: " + readQuietly(dir.resolve("server.out")));
            }
            try (SupervisorClient client = client()) {
                List<Map<String, Object>> infos = client.callStructs("supervisor.getAllProcessInfo");
                return infos.stream().noneMatch(i -> TRANSIENT_STATES.contains(String.valueOf(i.get("statename"))));
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    SupervisorClient client() {
        return new SupervisorClient(ServerUrl.parseOrNull("unix://" + socket), null, null);
    }

    String unixUrl() {
        return "unix://" + socket;
    }

    String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Waits for the server process to end by itself (after {@code shutdown}). */
    void awaitExit() throws Exception {
        await("server to exit", () -> !server.isAlive());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Stops the server (TERM, then KILL) and its children, and checks that the pids are gone. */
    @Override
    public void close() throws Exception {
        if (server == null) {
            return;
        }
        List<ProcessHandle> family = new ArrayList<>(server.descendants().toList());
        family.add(server.toHandle());
        server.destroy();
        if (!server.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (ProcessHandle handle : family) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
        await("server pid " + server.pid() + " and its children to be gone",
                () -> family.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
