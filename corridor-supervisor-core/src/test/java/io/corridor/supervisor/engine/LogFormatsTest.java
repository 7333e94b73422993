package io.corridor.supervisor.engine;

import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.config.LogFormat;
import io.corridor.supervisor.config.LogOptions;
import io.corridor.supervisor.config.LogSpec;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.config.Strftime;
import io.corridor.supervisor.config.TimeRotation;
import io.corridor.supervisor.logging.JsonLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** log_format, time rotation, logrotate and reopening through the real I/O thread with real children. */
class LogFormatsTest {
    /** The default stamp, {@code 2026-12-02T04:37:57.123+00:00} and a space: 30 bytes in any zone. */
    private static final Pattern STAMP = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d ");
    private static final int STAMP_BYTES = 30;
    private static final Duration T = Duration.ofSeconds(30);

    @TempDir Path dir;

    private static TestSpecs.Program logged(TestSpecs.Program p, Path out, long maxBytes, int backups,
                                            LogOptions options) {
        p.stdout = new LogSpec(new LogTarget.File(out), maxBytes, backups, 0, false, false, options);
        return p.startSecs(0).autoRestart(AutoRestart.FALSE);
    }

    private static LogOptions format(LogFormat format) {
        return new LogOptions(format, Strftime.ISO_8601_MILLIS, false, TimeRotation.NEVER, false);
    }

    /** 2000 numbered 10-byte lines, each its own write. */
    private static final String COUNTER = "i=0; while [ $i -lt 2000 ]; do printf '%09d\\n' $i; i=$((i+1)); done";

    private static String counted(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) s.append("%09d\n".formatted(i));
        return s.toString();
    }

    /** The kept files, oldest first. */
    private static List<Path> files(Path out, int backups) {
        List<Path> files = new java.util.ArrayList<>();
        for (int i = backups; i >= 1; i--) {
            Path backup = Path.of(out + "." + i);
            if (Files.exists(backup)) files.add(backup);
        }
        files.add(out);
        return files;
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void everyFormatKeepsEveryByteAcrossRotations(LogFormat format) throws IOException {
        Path out = dir.resolve("count.log");
        var p = logged(program("counter", "/bin/sh", "-c", COUNTER), out, 4000, 100, format(format));
        int pid;
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("counter", ProcessState.EXITED);
            pid = (int) f.firstChange("counter", c -> c.to() == ProcessState.RUNNING).pid();
        }
        List<Path> files = files(out, 100);
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        long total = 0;
        ByteArrayOutputStream child = new ByteArrayOutputStream();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            total += bytes.length;
            if (!file.equals(out)) assertThat(bytes.length).isGreaterThanOrEqualTo(4000);
            switch (format) {
                case PLAIN -> child.writeBytes(bytes);
                case TIMESTAMP -> {
                    for (String line : new String(bytes, UTF_8).split("(?<=\n)")) {
                        if (line.isEmpty()) continue;   // an empty file just rotated
                        assertThat(line).containsPattern("^" + STAMP.pattern());
                        child.writeBytes(line.substring(STAMP_BYTES).getBytes(UTF_8));
                    }
                }
                case JSON -> {
                    // each file parses alone: a rotation never splits a line
                    List<JsonLines.Entry> entries = JsonLines.parseAll(bytes);
                    for (JsonLines.Entry e : entries) {
                        assertThat(e.text("program")).isEqualTo("counter");
                        assertThat(e.text("process")).isEqualTo("counter");
                        assertThat(e.text("stream")).isEqualTo("stdout");
                        assertThat(e.fields().get("pid")).isEqualTo((long) pid);
                        assertThat(e.text("time")).matches(STAMP.pattern().trim());
                    }
                    child.writeBytes(JsonLines.reassemble(entries));
                }
            }
        }
        assertThat(child.toString(UTF_8)).isEqualTo(counted(0, 2000));
        switch (format) {
            case PLAIN -> assertThat(total).isEqualTo(20_000);
            case TIMESTAMP -> assertThat(total).isEqualTo(20_000 + 2000L * STAMP_BYTES);
            // {"time":"<29>","program":"counter","process":"counter","stream":"stdout","pid":N,"message":"<9>"}\n
            case JSON -> assertThat(total).isEqualTo(2000L * (128 + Integer.toString(pid).length()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = LogFormat.class, names = {"TIMESTAMP", "JSON"})
    void aMegabyteWithoutNewlineIsLoggedWhole(LogFormat format) throws IOException {
        Path out = dir.resolve("one.log");
        var p = logged(program("oneline", "/bin/sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x"), out, 0, 0,
                format(format));
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("oneline", ProcessState.EXITED);
        }
        byte[] bytes = Files.readAllBytes(out);
        byte[] expected = "x".repeat(1_000_000).getBytes(UTF_8);
        if (format == LogFormat.TIMESTAMP) {
            // one stamp, then the line as it came, unfinished: no newline was written by the child
            assertThat(bytes.length).isEqualTo(STAMP_BYTES + 1_000_000);
            assertThat(new String(bytes, 0, STAMP_BYTES, UTF_8)).matches(STAMP.pattern());
            assertThat(java.util.Arrays.copyOfRange(bytes, STAMP_BYTES, bytes.length)).isEqualTo(expected);
        } else {
            List<JsonLines.Entry> entries = JsonLines.parseAll(bytes);
            assertThat(entries).hasSizeGreaterThanOrEqualTo(1_000_000 / (16 * 1024));
            assertThat(entries).allMatch(JsonLines.Entry::partial);
            assertThat(JsonLines.reassemble(entries)).isEqualTo(expected);
        }
    }

    @Test
    void aPromptWithoutNewlineShowsUpWhileTheChildWaits() throws IOException {
        Path out = dir.resolve("prompt.log");
        var p = logged(program("asker", "/bin/sh", "-c", "printf 'name? '; exec sleep 60"), out, 0, 0,
                format(LogFormat.TIMESTAMP));
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("asker", ProcessState.RUNNING);
            EngineFixture.await("the prompt in the log", () -> read(out).endsWith(" name? "), T);
            assertThat(read(out)).matches(STAMP.pattern() + "name\\? ");
            assertThat(f.supervisor.readProcessLog("asker", LogChannel.STDOUT, 0, 0)).endsWith("name? ");
        }
    }

    @Test
    void aLogMovedWhileStoppedIsCreatedAnewAtTheNextSpawn() throws IOException {
        Path out = dir.resolve("again.log");
        var p = logged(program("again", "/bin/sh", "-c", "echo run $$"), out, 0, 0, LogOptions.PLAIN);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("again", ProcessState.EXITED);
            long first = f.firstChange("again", c -> c.to() == ProcessState.RUNNING).pid();
            Path moved = dir.resolve("moved.log");
            Files.move(out, moved);
            f.supervisor.startProcess("again", false).join();
            EngineFixture.await("second run", () -> f.changesOf("again", c -> c.to() == ProcessState.EXITED).size() == 2, T);
            long second = f.changesOf("again", c -> c.to() == ProcessState.RUNNING).get(1).pid();
            assertThat(read(moved)).isEqualTo("run " + first + "\n");
            assertThat(read(out)).isEqualTo("run " + second + "\n");
            assertThat(f.supervisor.readProcessLog("again", LogChannel.STDOUT, 0, 0)).isEqualTo("run " + second + "\n");
        }
    }

    @Test
    void logrotateRollsTheNamedLogsOverNow() throws IOException {
        Path out = dir.resolve("r.log");
        Path other = dir.resolve("other.log");
        var p = logged(program("r", "/bin/sh", "-c", "echo one"), out, 0, 5, LogOptions.PLAIN);
        var q = logged(program("other", "/bin/sh", "-c", "echo two"), other, 0, 5, LogOptions.PLAIN);
        try (var f = new EngineFixture(config(dir, p.asGroup(), q.asGroup()))) {
            f.awaitState("r", ProcessState.EXITED);
            f.awaitState("other", ProcessState.EXITED);
            assertThat(f.supervisor.rotateLogs(List.of("r")).join()).containsExactly(out);
            assertThat(read(Path.of(out + ".1"))).isEqualTo("one\n");
            assertThat(read(out)).isEmpty();
            assertThat(read(other)).isEqualTo("two\n");
            // nothing left to rotate for r (empty); all: other and the main log
            assertThat(f.supervisor.rotateLogs(List.of("r:*")).join()).isEmpty();
            assertThat(f.supervisor.rotateLogs(List.of()).join()).contains(other, dir.resolve("supervisord.log"))
                    .doesNotContain(out);
            assertThat(f.supervisor.rotateLogs(List.of("nosuch")))
                    .failsWithin(T).withThrowableThat().withMessageContaining("BAD_NAME");
        }
    }

    @Test
    void dailyRotationRollsOverAFileFromAnEarlierDayBeforeWriting() throws IOException {
        Path out = dir.resolve("day.log");
        Files.writeString(out, "yesterday\n");
        Files.setLastModifiedTime(out, FileTime.from(Instant.now().minus(2, ChronoUnit.DAYS)));
        var p = logged(program("day", "/bin/sh", "-c", "echo today"), out, 0, 3,
                new LogOptions(LogFormat.PLAIN, Strftime.ISO_8601_MILLIS, false, TimeRotation.DAILY, false));
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            f.awaitState("day", ProcessState.EXITED);
        }
        assertThat(read(Path.of(out + ".1"))).isEqualTo("yesterday\n");
        assertThat(read(out)).isEqualTo("today\n");
    }

    /**
     * logrotate's two ways, with the child paused at a known point so that the test knows what each file must hold:
     * {@code create} (rename, new file, SIGUSR2 = reopenLogs) and {@code copytruncate} (the file is copied, then
     * truncated under the writer, which appends at the new end: no hole of NULs).
     */
    @ParameterizedTest
    @EnumSource(value = LogFormat.class, names = {"PLAIN", "TIMESTAMP"})
    void externalLogrotateLosesNothing(LogFormat format) throws IOException {
        for (String mode : List.of("create", "copytruncate")) {
            Path out = dir.resolve(mode + ".log");
            Path go = dir.resolve(mode + ".go");
            String script = "i=0; while [ $i -lt 1000 ]; do printf '%09d\\n' $i; i=$((i+1)); done; "
                    + "while [ ! -e " + go + " ]; do sleep 0.02; done; "
                    + "while [ $i -lt 2000 ]; do printf '%09d\\n' $i; i=$((i+1)); done";
            var p = logged(program(mode, "/bin/sh", "-c", script), out, 0, 0, format(format));
            Path rotated = dir.resolve(mode + ".log.rotated");
            int perLine = 10 + (format == LogFormat.TIMESTAMP ? STAMP_BYTES : 0);
            try (var f = new EngineFixture(config(dir, p.asGroup()))) {
                EngineFixture.await("first half", () -> size(out) == 1000L * perLine, T);
                if (mode.equals("create")) {
                    Files.move(out, rotated);
                    Files.createFile(out);
                    f.supervisor.reopenLogs();
                    // reopenLogs returns before the I/O thread has reopened (as a SIGUSR2 would); a logrotate of the
                    // new, empty file (a no-op) queues behind the reopen on the same threads, so its answer means
                    // "reopened". Without it the child's next bytes would go to the renamed file: kept, not lost.
                    assertThat(f.supervisor.rotateLogs(List.of(mode)).join()).isEmpty();
                } else {
                    Files.copy(out, rotated);
                    try (FileChannel c = FileChannel.open(out, StandardOpenOption.WRITE)) {
                        c.truncate(0);
                    }
                }
                Files.createFile(go);
                f.awaitState(mode, ProcessState.EXITED);
            }
            assertThat(size(rotated)).isEqualTo(1000L * perLine);
            assertThat(size(out)).as(mode).isEqualTo(1000L * perLine);
            String both = read(rotated) + read(out);
            if (format == LogFormat.TIMESTAMP) both = STAMP.matcher(both).replaceAll("");
            assertThat(both).as(mode).isEqualTo(counted(0, 2000));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
