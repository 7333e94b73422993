package io.corridor.supervisor.logging;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MainLogTest {
    /** The shape of supervisord 4.2.5's main log lines, as read from a real run. */
    private static final Pattern LINE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) (.*)");

    @TempDir
    Path dir;

    @Test
    void writesSupervisordsExactLineFormat() throws IOException {
        Path file = dir.resolve("supervisord.log");
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-26T10:48:26.123987Z"));
        try (MainLog log = new MainLog(new LogTarget.File(file), 0, 0, LogLevel.INFO, null, clock, ZoneOffset.UTC)) {
            log.info("spawned: 'x' with pid 42");
            log.warn("exited: x (exit status 1; not expected)");
            log.critical("Supervisor is running as root.");
            log.error("bad");
        }
        assertThat(Files.readString(file)).isEqualTo("""
                2026-11-26 10:48:26,123 INFO spawned: 'x' with pid 42
                2026-11-26 10:48:26,123 WARN exited: x (exit status 1; not expected)
                2026-11-26 10:48:26,123 CRIT Supervisor is running as root.
                2026-11-26 10:48:26,123 ERRO bad
                """);
    }

    @Test
    void usesTheLocalTimeOfTheRealClock() throws IOException {
        Path file = dir.resolve("supervisord.log");
        try (MainLog log = new MainLog(new LogTarget.File(file), 0, 0, LogLevel.BLATHER, null)) {
            log.blather("b");
            log.trace("t");
            log.debug("d");
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3).allMatch(l -> LINE.matcher(l).matches());
        assertThat(lines).extracting(l -> l.substring(24)).containsExactly("BLAT b", "TRAC t", "DEBG d");
        String today = java.time.LocalDate.now().toString();
        assertThat(lines.getFirst()).startsWith(today.substring(0, 4)); // the year, robust to midnight
    }

    @Test
    void dropsLinesBelowTheLevel() throws IOException {
        Path file = dir.resolve("supervisord.log");
        try (MainLog log = new MainLog(new LogTarget.File(file), 0, 0, LogLevel.WARN, null)) {
            assertThat(log.isEnabled(LogLevel.CRITICAL)).isTrue();
            assertThat(log.isEnabled(LogLevel.WARN)).isTrue();
            assertThat(log.isEnabled(LogLevel.INFO)).isFalse();
            log.info("quiet");
            log.debug("quieter");
            log.warn("loud");
        }
        assertThat(Files.readAllLines(file)).singleElement().asString().endsWith(" WARN loud");
    }

    @Test
    void keepsAMultiLineMessageAsIs() throws IOException {
        Path file = dir.resolve("supervisord.log");
        try (MainLog log = new MainLog(new LogTarget.File(file), 0, 0, LogLevel.DEBUG, null)) {
            log.debug("'x' stdout output:\nred plain\né\n");
        }
        assertThat(Files.readString(file)).matches("(?s)[^\\n]+ DEBG 'x' stdout output:\nred plain\né\n\n");
    }

    @Test
    void echoesEveryLineAndNeedsNoFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MainLog log = new MainLog(LogTarget.NONE, 0, 0, LogLevel.INFO, new PrintStream(out, true))) {
            assertThat(log.file()).isNull();
            log.info("supervisord started with pid 7");
            log.reopen();
            assertThatThrownBy(log::clear).isInstanceOfSatisfying(SupervisorException.class,
                    e -> assertThat(e.fault()).isEqualTo(Fault.NO_FILE));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("[^\\n]+ INFO supervisord started with pid 7\n");
    }

    @Test
    void rotatesLikeAChildLog() throws IOException {
        Path file = dir.resolve("supervisord.log");
        try (MainLog log = new MainLog(new LogTarget.File(file), 100, 2, LogLevel.INFO, null)) {
            for (int i = 0; i < 20; i++) {
                log.info("line " + i); // 36 bytes each: a rotation every third line
            }
        }
        assertThat(dir.resolve("supervisord.log.3")).doesNotExist();
        List<String> kept = new ArrayList<>();
        kept.addAll(Files.readAllLines(dir.resolve("supervisord.log.2")));
        kept.addAll(Files.readAllLines(dir.resolve("supervisord.log.1")));
        kept.addAll(Files.readAllLines(file));
        assertThat(kept).extracting(l -> l.substring(29)).containsExactly(
                "line 12", "line 13", "line 14", "line 15", "line 16", "line 17", "line 18", "line 19");
    }

    @Test
    void clearDeletesTheFileAndReopensAnEmptyOne() throws IOException {
        Path file = dir.resolve("supervisord.log");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MainLog log = new MainLog(new LogTarget.File(file), 0, 0, LogLevel.INFO, new PrintStream(out))) {
            log.info("before");
            log.clear();
            assertThat(Files.size(file)).isZero();
            log.info("after");
            Files.delete(file);
            assertThatThrownBy(log::clear).isInstanceOfSatisfying(SupervisorException.class,
                    e -> assertThat(e.fault()).isEqualTo(Fault.NO_FILE));
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines().map(l -> l.substring(24)))
                .containsExactly("INFO before", "INFO reopening log file", "INFO after");
    }

    @Test
    void clearNeverDeletesADevice() throws IOException {
        Path link = dir.resolve("stdout.log");
        Files.createSymbolicLink(link, Path.of("/dev/null"));
        try (MainLog log = new MainLog(new LogTarget.File(link), 10, 2, LogLevel.INFO, null)) {
            log.info("a line longer than ten bytes");
            log.clear();
            log.info("another");
        }
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("/dev/null"));
        try (var names = Files.list(dir)) {
            assertThat(names).containsExactly(link);
        }
        Files.delete(link);
    }

    @Test
    void reopenFollowsAnExternalLogrotate() throws IOException {
        Path file = dir.resolve("supervisord.log");
        try (MainLog log = new MainLog(new LogTarget.File(file), 0, 0, LogLevel.INFO, null)) {
            log.info("old");
            Files.move(file, dir.resolve("supervisord.log.old"));
            log.reopen();
            log.info("new");
            assertThat(log.file()).isEqualTo(file);
        }
        assertThat(Files.readString(dir.resolve("supervisord.log.old"))).endsWith(" INFO old\n");
        assertThat(Files.readString(file)).endsWith(" INFO new\n");
    }

    @Test
    void manyThreadsLoggingAtOnceKeepEveryLineWholeAndInOrder() throws Exception {
        Path file = dir.resolve("supervisord.log");
        int threads = 8;
        int perThread = 2_000;
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        try (MainLog log = new MainLog(new LogTarget.File(file), 64 * 1024, 100, LogLevel.INFO,
                new PrintStream(echoed))) {
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        log.info("thread " + id + " line " + i + " " + "z".repeat(i % 97));
                    }
                }));
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join(20_000);
            }
        }
        List<String> inFiles = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            Path backup = dir.resolve("supervisord.log." + i);
            if (Files.exists(backup)) {
                inFiles.addAll(Files.readAllLines(backup));
            }
        }
        inFiles.addAll(Files.readAllLines(file));
        assertThat(inFiles).hasSize(threads * perThread);
        assertWholeAndOrdered(inFiles);
        assertThat(echoed.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(inFiles);
    }

    private static void assertWholeAndOrdered(List<String> lines) {
        Pattern body = Pattern.compile("thread (\\d+) line (\\d+) (z*)");
        Map<Integer, Integer> next = new HashMap<>();
        String previousStamp = "";
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            Matcher b = body.matcher(m.group(2));
            assertThat(b.matches()).as(line).isTrue();
            int thread = Integer.parseInt(b.group(1));
            int index = Integer.parseInt(b.group(2));
            assertThat(index).as(line).isEqualTo(next.getOrDefault(thread, 0));
            assertThat(b.group(3)).hasSize(index % 97);
            next.put(thread, index + 1);
            String stamp = line.substring(0, 23);
            assertThat(stamp).as("timestamps never go back").isGreaterThanOrEqualTo(previousStamp);
            previousStamp = stamp;
        }
    }
}
