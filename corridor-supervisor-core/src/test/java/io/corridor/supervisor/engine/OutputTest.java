package io.corridor.supervisor.engine;

import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;

/** Child output through the I/O thread into rotating logs: every byte, in order, whatever the volume. */
class OutputTest {
    @TempDir Path dir;

    @Test
    void stdoutAndStderrGoToTheirFilesAndAutoNamesFollowSupervisord() {
        Path out = dir.resolve("out.log");
        var p = program("talker", "/bin/sh", "-c", "echo to-out; echo to-err >&2").startSecs(0)
                .autoRestart(AutoRestart.FALSE).stdout(new LogTarget.File(out), 0, 0).stderr(LogTarget.AUTO, 0, 0);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("talker", ProcessState.EXITED);
            // the exit is reported only after the pipes were drained: no waiting for the log here
            assertThat(f.supervisor.readProcessLog("talker", LogChannel.STDOUT, 0, 0)).isEqualTo("to-out\n");
            assertThat(f.supervisor.readProcessLog("talker", LogChannel.STDERR, 0, 0)).isEqualTo("to-err\n");
            Path err = f.supervisor.processLogFile("talker", LogChannel.STDERR);
            assertThat(err.getFileName().toString()).startsWith("talker-stderr---supervisor-").endsWith(".log");
            assertThat(f.info("talker").stderrLogfile()).isEqualTo(err.toString());
        }
    }

    @Test
    void rotationKeepsEveryByteInOrder() throws IOException {
        Path out = dir.resolve("rot.log");
        // 10 000 bytes, a line number per 10-byte line, through 1000-byte files
        var p = program("counter", "/bin/sh", "-c", "i=0; while [ $i -lt 1000 ]; do printf '%09d\\n' $i; i=$((i+1)); done")
                .startSecs(0).autoRestart(AutoRestart.FALSE).stdout(new LogTarget.File(out), 1000, 20);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("counter", ProcessState.EXITED);
        }
        StringBuilder all = new StringBuilder();
        long total = 0;
        for (int i = 20; i >= 1; i--) {
            Path backup = Path.of(out + "." + i);
            if (!Files.exists(backup)) continue;
            assertThat(Files.size(backup)).isGreaterThanOrEqualTo(1000);
            total += Files.size(backup);
            all.append(Files.readString(backup));
        }
        total += Files.size(out);
        all.append(Files.readString(out));
        assertThat(total).isEqualTo(10_000);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) expected.append("%09d\n".formatted(i));
        assertThat(all.toString()).isEqualTo(expected.toString());
    }

    @Test
    void fiveHundredMegabytesAreAllLogged() throws IOException {
        Path out = dir.resolve("big.log");
        long size = 500_000_000L;
        var p = program("flood", "head", "-c", Long.toString(size), "/dev/zero").startSecs(0)
                .autoRestart(AutoRestart.FALSE).stdout(new LogTarget.File(out), 100_000_000L, 10);
        long t0 = System.nanoTime();
        // at info level: at debug every chunk would be copied into the main log too
        try (var f = new EngineFixture(config(dir, LogLevel.INFO, false, p.asGroup()))) {
            f.awaitState("flood", ProcessState.EXITED);
            assertThat(f.info("flood").exitStatus()).isZero();
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        long total;
        try (Stream<Path> files = Files.list(dir)) {
            total = files.filter(x -> x.getFileName().toString().startsWith("big.log")).mapToLong(x -> {
                try {
                    return Files.size(x);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }).sum();
        }
        assertThat(total).as("bytes in big.log and its backups after %d ms", elapsedMs).isEqualTo(size);
    }

    @Test
    void atDebugLevelEveryChunkIsCopiedIntoTheMainLogAsSupervisordShowsIt() {
        // stdout to NONE: the main log still gets it; stderr's bytes are not UTF-8
        var p = program("it's", "/bin/sh", "-c", "printf 'hello\\nworld\\n'; printf '\\210\\n' >&2").startSecs(0)
                .autoRestart(AutoRestart.FALSE).stderr(new LogTarget.File(dir.resolve("err.log")), 0, 0);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("it's", ProcessState.EXITED);
            EngineFixture.await("the copies in the main log", () -> f.mainLog().contains("Undecodable")
                    && f.mainLog().contains("world"), java.time.Duration.ofSeconds(20));
            String log = f.mainLog();
            assertThat(log).contains(" DEBG \"it's\" stdout output:\nhello\nworld\n");
            assertThat(log).contains(" DEBG \"it's\" stderr output:\nUndecodable: b'\\x88\\n'\n");
            assertThat(log).contains(" DEBG received SIGCHLD indicating a child quit\n");
        }
    }

    @Test
    void atInfoLevelNothingIsCopied() {
        var p = program("quiet", "/bin/sh", "-c", "echo secret-output").startSecs(0).autoRestart(AutoRestart.FALSE);
        try (var f = new EngineFixture(config(dir, LogLevel.INFO, false, p.asGroup()))) {
            f.awaitState("quiet", ProcessState.EXITED);
            EngineFixture.await("the exit line", () -> f.mainLog().contains("exited: quiet"),
                    java.time.Duration.ofSeconds(20));
            assertThat(f.mainLog()).doesNotContain("secret-output").doesNotContain("DEBG");
        }
    }

    @Test
    void stripAnsiRemovesEscapeSequencesFromTheLogAndTheMainLogCopy() throws IOException {
        Path out = dir.resolve("colour.log");
        var p = program("colour", "/bin/sh", "-c", "printf '\\033[1;31mred\\033[0m plain\\n'").startSecs(0)
                .autoRestart(AutoRestart.FALSE).stdout(new LogTarget.File(out), 0, 0);
        try (var f = new EngineFixture(config(dir, LogLevel.DEBUG, true, p.asGroup()))) {
            f.awaitState("colour", ProcessState.EXITED);
            assertThat(Files.readString(out)).isEqualTo("red plain\n");
            EngineFixture.await("the copy", () -> f.mainLog().contains("red plain"), java.time.Duration.ofSeconds(20));
            assertThat(f.mainLog()).contains("'colour' stdout output:\nred plain\n").doesNotContain("\033");
        }
    }

    @Test
    void withoutStripAnsiEscapeSequencesAreKept() throws IOException {
        Path out = dir.resolve("raw.log");
        var p = program("raw", "/bin/sh", "-c", "printf '\\033[1mbold\\n'").startSecs(0)
                .autoRestart(AutoRestart.FALSE).stdout(new LogTarget.File(out), 0, 0);
        try (var f = new EngineFixture(config(dir, LogLevel.INFO, false, p.asGroup()))) {
            f.awaitState("raw", ProcessState.EXITED);
            assertThat(Files.readString(out)).isEqualTo("\033[1mbold\n");
        }
    }
}
