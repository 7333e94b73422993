package io.corridor.supervisor.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lines supervisord logs while it starts (running as root or the user it switched to, included files, the
 * RPC interface, unauthenticated servers) are the same, in the same order, from Debian's supervisord and from
 * corridor-supervisord on the same configuration: people grep for them.
 */
class StartupLinesIT {
    private static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir Path dir;

    @Test
    void withoutUserAndWithIncludes() throws Exception {
        compare("");
    }

    @Test
    void withTheCurrentUser() throws Exception {
        compare("user=" + System.getProperty("user.name") + "\n");
    }

    private void compare(String extra) throws Exception {
        Installation.require(Files.isExecutable(SUPERVISORD), "Debian's supervisord (apt-get install supervisor)");
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/a.conf"), "[program:inc]\ncommand=/bin/sleep 100\nautostart=false\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, """
                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                nodaemon=true
                %3$s
                [unix_http_server]
                file=%1$s/supervisor.sock

                [inet_http_server]
                port=127.0.0.1:%2$d

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [include]
                files=conf.d/*.conf
                """.formatted(dir, port, extra));
        List<String> theirs = startupLines(List.of(SUPERVISORD.toString(), "-c", conf.toString()));
        List<String> ours = startupLines(List.of(Path.of(System.getProperty("corridor.dist"), "bin",
                "corridor-supervisord").toString(), "-c", conf.toString()));
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours).anyMatch(l -> l.startsWith("INFO Included extra file"));
    }

    /** The log lines up to "supervisord started", without the timestamp and the pid. */
    private List<String> startupLines(List<String> command) throws Exception {
        Path log = dir.resolve("supervisord.log");
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        try {
            Installation.await("started line from " + command.getFirst(), () -> Files.exists(log)
                    && Files.readString(log).contains("supervisord started with pid"), T);
        } finally {
            p.destroy(); // SIGTERM
            if (!p.waitFor(T.toSeconds(), TimeUnit.SECONDS)) p.destroyForcibly();
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String rest = line.substring(24);  // "2026-12-02 04:48:31,999 "
            if (rest.startsWith("INFO supervisord started with pid")) break;
            // our own addition (cgroup containment, docs/configuration.md), which supervisord has no counterpart of
            if (rest.startsWith("INFO programs are contained in cgroup")) continue;
            lines.add(rest);
        }
        return lines;
    }
}
