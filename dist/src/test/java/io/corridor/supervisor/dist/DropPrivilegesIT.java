package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code [supervisord] user=nobody} started as root: like supervisord, the supervisor itself becomes that user
 * before it opens its log, and its children run as that user.
 */
class DropPrivilegesIT {
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir Path dir;
    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) Installation.killTree(server.toHandle());
    }

    @Test
    void startedAsRootItBecomesTheConfiguredUser() throws Exception {
        Installation.require("root".equals(System.getProperty("user.name")), "root, to drop privileges (.ci/run runs as root)");
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = home.resolve("supervisord.conf");
        Files.writeString(conf, """
                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                user=nobody
                [program:sleeper]
                command=/bin/sleep 1000
                startsecs=0
                """.formatted(home));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("corridor.dist"), "bin",
                "corridor-supervisord").toString(), "-n", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        server = pb.start();
        Path log = home.resolve("supervisord.log");
        Installation.await("sleeper RUNNING", () -> Files.exists(log)
                && Files.readString(log).contains("success: sleeper entered RUNNING state"), T);

        assertThat(Files.readString(log)).contains("INFO Set uid to user 65534 succeeded")
                .doesNotContain("Supervisor is running as root");
        assertThat(uids(server.pid())).isEqualTo("65534\t65534\t65534\t65534");
        assertThat(Files.getOwner(log).getName()).isEqualTo("nobody");
        long child = server.descendants().filter(h -> h.info().command().orElse("").endsWith("sleep"))
                .findFirst().orElseThrow().pid();
        assertThat(uids(child)).isEqualTo("65534\t65534\t65534\t65534");
    }

    /** Real, effective, saved and filesystem uid, as /proc shows them. */
    private static String uids(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().substring(4).strip();
    }
}
