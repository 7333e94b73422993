package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code [supervisord] directory} and {@code umask} apply when the supervisor daemonizes, as in supervisord's
 * {@code _daemonize}: a child without its own {@code directory=} starts there and creates files with that umask.
 */
class DaemonizeSettingsIT {
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir Path dir;
    private Long pid;

    @AfterEach
    void stop() throws Exception {
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroy();
            });
            Installation.await("the daemon to exit", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), T);
        }
    }

    @Test
    void theDaemonChangesDirectoryAndUmask() throws Exception {
        Path wd = Files.createDirectories(dir.resolve("wd"));
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, """
                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                directory=%2$s
                umask=077
                [program:writer]
                command=/bin/sh -c 'pwd > out.txt; exec sleep 1000'
                startsecs=0
                """.formatted(dir, wd));
        Installation.Result start = Installation.run(dir, Map.of(), T,
                Path.of(System.getProperty("corridor.dist"), "bin", "corridor-supervisord").toString(),
                "-c", conf.toString());
        assertThat(start.exit()).as(start.toString()).isZero();
        pid = Long.parseLong(Files.readString(dir.resolve("supervisord.pid")).strip());
        Path out = wd.resolve("out.txt");
        Installation.await("the child's file", () -> Files.exists(out) && !Files.readString(out).isBlank(), T);
        assertThat(Files.readString(out).strip()).isEqualTo(wd.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }
}
