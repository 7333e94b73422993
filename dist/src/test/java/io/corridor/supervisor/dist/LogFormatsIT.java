package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log formats from the tarball: a container-style program logging to the supervisor's own stdout/stderr with
 * a prefix, an interactive {@code fg} session on a timestamped log, {@code tail} of a JSON log, and
 * {@code corridorctl logrotate}.
 */
class LogFormatsIT {
    private static final Duration T = Duration.ofSeconds(90);
    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d";

    @TempDir Path dir;
    private Installation inst;
    private Process server;
    private Process fg;

    @AfterEach
    void stop() throws Exception {
        if (fg != null && fg.isAlive()) fg.destroyForcibly().waitFor();
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor();
        }
        if (inst != null) {
            inst.assertNothingLeftRunning();
        }
    }

    @Test
    void stdoutPrefixFgTailAndLogrotate() throws Exception {
        inst = Installation.unpack(dir);
        Files.writeString(inst.home.resolve("etc/conf.d/logs.conf"), """
                [program:shout]
                command=/bin/sh -c 'echo hello-out; echo hello-err >&2; exec sleep 600'
                stdout_logfile=/dev/stdout
                stderr_logfile=/dev/stderr
                log_prefix=true
                log_format=timestamp
                startsecs=0

                [program:asker]
                command=/bin/sh -c 'while printf "name? " && read n; do echo "hi $n"; done'
                log_format=timestamp
                startsecs=0

                [program:jsoner]
                command=/bin/sh -c 'printf "caf\\303\\251 \\"q\\"\\n\\377\\n"; exec sleep 600'
                log_format=json
                startsecs=0
                """);
        Path out = dir.resolve("server.out");
        Path err = dir.resolve("server.err");
        server = new ProcessBuilder(inst.bin("corridor-supervisord").toString(), "-n")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Path socket = inst.home.resolve("instances/default/run/supervisor.sock");
        Installation.await("asker RUNNING", () -> Files.exists(socket)
                && inst.ctl(T, "status", "asker").out().contains("RUNNING"), T);

        // the supervisor's own stdout and stderr, each line prefixed and stamped
        Installation.await("shout's lines on the supervisor's stdout and stderr",
                () -> Files.readString(out).contains("hello-out") && Files.readString(err).contains("hello-err"), T);
        assertThat(Files.readString(out)).containsPattern("(?m)^\\[shout\\] " + STAMP + " hello-out$");
        assertThat(Files.readString(err)).containsPattern("(?m)^\\[shout\\] " + STAMP + " hello-err$");
        // size rotation (50MB by default) cannot apply to a pipe: one warning per stream, no error
        Path mainLog = inst.home.resolve("instances/default/logs/supervisord.log");
        assertThat(Files.readString(mainLog)).containsOnlyOnce("/dev/stdout is not a regular file")
                .containsOnlyOnce("/dev/stderr is not a regular file").doesNotContain("Illegal seek");

        // fg: the prompt (no newline) shows up, a typed line reaches the program, its answer comes back
        fg = new ProcessBuilder(inst.bin("corridorctl").toString(), "fg", "asker").directory(inst.home.toFile())
                .redirectErrorStream(true).start();
        StringBuffer seen = new StringBuffer();
        Thread reader = Thread.ofPlatform().daemon().start(() -> copy(fg.getInputStream(), seen));
        Installation.await("fg shows the prompt", () -> seen.toString().contains("name? "), T);
        OutputStream typed = fg.getOutputStream();
        typed.write("bob\n".getBytes(StandardCharsets.UTF_8));
        typed.flush();
        Installation.await("fg shows the answer", () -> seen.toString().contains("hi bob"), T);
        typed.close();                                 // end of input: fg leaves, the program keeps running
        assertThat(fg.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(seen.toString()).contains("==> Press Ctrl-C to exit <==", "Exiting foreground")
                .containsPattern(STAMP + " name\\? hi bob\n");

        // tail reads the files as written; the next prompt comes after "hi bob" (the I/O thread logs it a moment
        // later, so wait for it rather than hope it is there)
        Installation.await("the next prompt in asker's log", () -> inst.ctl(T, "tail", "asker").out()
                .matches("(?s).*hi bob\n" + STAMP + " name\\? \n?"), T);
        Installation.Result tail = inst.ctl(T, "tail", "asker");
        assertThat(tail.out()).containsPattern("^" + STAMP + " name\\? hi bob\n" + STAMP + " name\\? $");
        Installation.Result json = inst.ctl(T, "tail", "jsoner");
        assertThat(json.out()).contains("\"program\":\"jsoner\"", "\"message\":\"café \\\"q\\\"\"}",
                "\"message\":\"\\udcff\"}");

        // logrotate: now, by name; an unknown name is an error
        Installation.Result rotate = inst.ctl(T, "logrotate", "asker");
        assertThat(rotate.exit()).as(rotate.toString()).isZero();
        assertThat(rotate.out()).containsPattern("asker: rotated .*asker-stdout---.*\\.log\n");
        Path asker = Path.of(rotate.out().substring(rotate.out().indexOf("rotated ") + 8).strip());
        assertThat(Files.readString(Path.of(asker + ".1"))).contains("hi bob");
        assertThat(Files.size(asker)).isZero();
        Installation.Result bad = inst.ctl(T, "logrotate", "nosuch");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err() + bad.out()).contains("nosuch: ERROR (no such process)");
    }

    private static void copy(InputStream in, StringBuffer into) {
        byte[] buffer = new byte[4096];
        try {
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            for (int n; (n = in.read(buffer)) > 0; ) {
                pending.write(buffer, 0, n);
                into.setLength(0);
                into.append(pending.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
