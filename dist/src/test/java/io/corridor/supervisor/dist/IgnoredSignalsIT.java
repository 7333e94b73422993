package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script that starts the supervisor with {@code &} or {@code nohup} hands it SIGINT/SIGHUP ignored; supervisord
 * still stops on them, and so must we (the JVM alone would keep them ignored).
 */
class IgnoredSignalsIT {
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir Path dir;
    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) Installation.killTree(server.toHandle());
    }

    @Test
    void sigintStopsASupervisorStartedWithSigintAndSigtermIgnored() throws Exception {
        Path bin = Path.of(System.getProperty("corridor.dist"), "bin", "corridor-supervisord");
        Path conf = dir.resolve("supervisord.conf");
        Path log = dir.resolve("supervisord.log");
        Path marker = dir.resolve("child.pid");
        Files.writeString(conf, """
                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                nodaemon=true

                [unix_http_server]
                file=%1$s/supervisor.sock

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [program:sleeper]
                command=/bin/sh -c 'echo $$ > %2$s; exec sleep 1000'
                startsecs=0
                """.formatted(dir, marker));
        // trap "" makes the signals SIG_IGN; exec keeps that disposition for the launcher and the JVM
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "trap '' INT TERM HUP; exec \"$0\" -c \"$1\"",
                bin.toString(), conf.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectErrorStream(true);
        server = pb.start();
        Installation.await("sleeper RUNNING", () -> Files.exists(log) && Files.readString(log)
                .contains("success: sleeper entered RUNNING state") && Files.exists(marker)
                && !Files.readString(marker).isBlank(), T);
        long child = Long.parseLong(Files.readString(marker).strip());

        Installation.Result kill = Installation.run(dir, Map.of(), T, "kill", "-INT", Long.toString(server.pid()));
        assertThat(kill.exit()).as(kill.toString()).isZero();

        assertThat(server.waitFor(T.toSeconds(), TimeUnit.SECONDS)).as("supervisor exited on SIGINT").isTrue();
        assertThat(server.exitValue()).isZero();
        assertThat(Files.readString(log)).contains("received SIGINT indicating exit request")
                .contains("stopped: sleeper (terminated by SIGTERM)");
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("child stopped").isFalse();
    }
}
