package io.corridor.supervisor.server;

import io.corridor.supervisor.Version;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** supervisord's command line: version, help, and usage errors exit 2 with nothing started. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "corridor-supervisord").run(args);
    }

    @Test
    void version_and_help() {
        assertThat(run("-v")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Version.VERSION + "\n");
        out.reset();
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("-c/--configuration FILENAME");
    }

    @Test
    void usage_errors_exit_2() {
        assertThat(run("-x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("Error: option -x not recognized\nFor help, use corridor-supervisord -h\n");
        err.reset();
        assertThat(run("-c")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Error: option -c requires argument\n");
        err.reset();
        assertThat(run("-e", "loud")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Error: bad loglevel 'loud'\n");
        err.reset();
        assertThat(run("stray")).isEqualTo(2);
    }

    @Test
    void command_line_parses_supervisord_options() throws Exception {
        CommandLine cl = CommandLine.parse(new String[]{"-n", "-c", "/x.conf", "--loglevel=debug", "-j", "/p", "-i", "me", "-l", "/l"});
        assertThat(cl.nodaemon()).isTrue();
        assertThat(cl.configuration()).contains(java.nio.file.Path.of("/x.conf"));
        assertThat(cl.loglevel()).contains(io.corridor.supervisor.config.LogLevel.DEBUG);
        assertThat(cl.pidfile()).contains(java.nio.file.Path.of("/p"));
        assertThat(cl.identifier()).contains("me");
        assertThat(cl.logfile()).contains(java.nio.file.Path.of("/l"));
    }
}
