package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * supervisord makes its HTTP servers anew on {@code reload}: a changed {@code [unix_http_server]} file or
 * {@code [inet_http_server]} port is where the reloaded supervisor listens, and the old ones are gone.
 */
class ServerRebindIT {
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir Path dir;
    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(T.toSeconds(), TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String config(String socket, int port) {
        return """
                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                [unix_http_server]
                file=%1$s/%2$s
                [inet_http_server]
                port=127.0.0.1:%3$d
                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
                [program:sleeper]
                command=/bin/sleep 1000
                startsecs=0
                """.formatted(dir, socket, port);
    }

    private Installation.Result ctl(String serverUrl, String... args) throws Exception {
        String[] argv = new String[args.length + 3];
        argv[0] = Path.of(System.getProperty("corridor.dist"), "bin", "corridorctl").toString();
        argv[1] = "-s";
        argv[2] = serverUrl;
        System.arraycopy(args, 0, argv, 3, args.length);
        return Installation.run(dir, Map.of(), T, argv);
    }

    @Test
    void reloadBindsTheChangedSocketAndPort() throws Exception {
        int before, after;
        // both held at once: a port given back can be handed out again at once, and the test needs two
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            before = a.getLocalPort();
            after = b.getLocalPort();
        }
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, config("a.sock", before));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("corridor.dist"), "bin",
                "corridor-supervisord").toString(), "-n", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        server = pb.start();
        String oldUnix = "unix://" + dir.resolve("a.sock"), newUnix = "unix://" + dir.resolve("b.sock");
        Installation.await("sleeper RUNNING", () -> ctl(oldUnix, "status").out().contains("RUNNING"), T);

        Files.writeString(conf, config("b.sock", after));
        ctl(oldUnix, "reload");
        Installation.await("the new socket and port", () -> Files.exists(dir.resolve("b.sock"))
                && ctl(newUnix, "status").out().contains("RUNNING")
                && ctl("http://127.0.0.1:" + after, "status").out().contains("RUNNING"), T);
        assertThat(Files.exists(dir.resolve("a.sock"))).as("old socket file").isFalse();
        Installation.Result old = ctl("http://127.0.0.1:" + before, "status");
        assertThat(old.out() + old.err()).doesNotContain("RUNNING");
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void sighupRebindsAChangedSocketLikeSupervisordsSighup() throws Exception {
        int port = freePort();
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, config("a.sock", port));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("corridor.dist"), "bin",
                "corridor-supervisord").toString(), "-n", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        server = pb.start();
        String oldUnix = "unix://" + dir.resolve("a.sock"), newUnix = "unix://" + dir.resolve("c.sock");
        Installation.await("sleeper RUNNING", () -> ctl(oldUnix, "status").out().contains("RUNNING"), T);
        long pid = Long.parseLong(ctl(oldUnix, "pid", "sleeper").out().strip());

        Files.writeString(conf, config("c.sock", port));
        assertThat(Installation.run(dir, Map.of(), T, "kill", "-HUP", Long.toString(server.pid())).exit()).isZero();
        Installation.await("the new socket", () -> Files.exists(dir.resolve("c.sock"))
                && ctl(newUnix, "status").out().contains("RUNNING"), T);
        assertThat(Files.exists(dir.resolve("a.sock"))).as("old socket file").isFalse();
        // the unchanged inet server and the program were left alone
        assertThat(ctl("http://127.0.0.1:" + port, "pid", "sleeper").out().strip()).isEqualTo(Long.toString(pid));
    }
}
