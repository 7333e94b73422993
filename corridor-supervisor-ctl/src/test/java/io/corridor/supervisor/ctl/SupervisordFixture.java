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
public final class SupervisordFixture implements AutoCloseable {
    static final String SERVER_PROPERTY = "corridor.ctl.test.server";
    static final String SUPERVISORCTL_PROPERTY = "corridor.ctl.test.supervisorctl";
    public static final String USER = "alice";
    public static final String PASSWORD = "s3cret";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(20);
    private static final Set<String> TRANSIENT_STATES = Set.of("STARTING", "BACKOFF", "STOPPING");

    public final Path dir;
    public final Path config;
    final Path socket;
    final int httpPort;
    private final List<String> command;
    private final String extraConfig;
    private Process server;

    private SupervisordFixture(Path dir, int httpPort, List<String> command, String extraConfig) {
        this.dir = dir;
        this.command = command;
        this.extraConfig = extraConfig;
        this.config = dir.resolve("supervisord.conf");
        this.socket = dir.resolve("s.sock");
        this.httpPort = httpPort;
    }

    /** Skips (or fails on CI) when the reference tools are missing. */
    public static void assumeToolsPresent() {
        boolean present = Files.isExecutable(Path.of(serverCommand().getFirst()))
                && Files.isExecutable(Path.of(supervisorctl()));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("supervisord/supervisorctl are required on CI: " + serverCommand() + ", " + supervisorctl());
        }
        assumeTrue(present, "supervisord or supervisorctl not installed");
    }

    public static String supervisorctl() {
        return System.getProperty(SUPERVISORCTL_PROPERTY, "/usr/bin/supervisorctl");
    }

    private static List<String> serverCommand() {
        String command = System.getProperty(SERVER_PROPERTY, "/usr/bin/supervisord -n -c {conf}");
        return List.of(command.strip().split("\\s+"));
    }

    static SupervisordFixture start(Path dir) throws Exception {
        return start(dir, serverCommand(), "");
    }

    /**
     * For tests outside this module (the dist's, via the test-jar): a given server command ({@code {conf}} is the
     * config path) and sections appended to the base configuration.
     */
    public static SupervisordFixture start(Path dir, String serverCommand, String extraConfig) throws Exception {
        return start(dir, List.of(serverCommand.strip().split("\\s+")), extraConfig);
    }

    private static SupervisordFixture start(Path dir, List<String> serverCommand, String extraConfig) throws Exception {
        SupervisordFixture fixture = new SupervisordFixture(dir, freePort(), serverCommand, extraConfig);
        fixture.writeConfig(fixture.baseConfig());
        fixture.startServer();
        return fixture;
    }

    public String baseConfig() {
        return extraConfig + """
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

    public void writeConfig(String text) throws IOException {
        Files.writeString(config, text, StandardCharsets.UTF_8);
    }

    public void startServer() throws Exception {
        List<String> argv = new ArrayList<>();
        for (String word : command) {
            argv.add(word.replace("{conf}", config.toString()));
        }
        server = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile()).start();
        awaitSettled();
    }

    /** Waits until the server answers and no process is in a transient state. */
    public void awaitSettled() throws Exception {
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

    public String unixUrl() {
        return "unix://" + socket;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Waits for the server process to end by itself (after {@code shutdown}). */
    public void awaitExit() throws Exception {
        await("server to exit", () -> !server.isAlive());
    }

    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
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
