package io.corridor.supervisor.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotatingFileTest {
    private static final int MB = 1 << 20;
    private static final int MAX_CHUNK = 128 * 1024; // supervisord's read size, the largest chunk the engine writes

    @TempDir
    Path dir;

    @Test
    void neverRotatesWhenMaxBytesIsZero() throws IOException {
        Path log = dir.resolve("x.log");
        byte[] written = randomBytes(3 * MB, 1);
        try (RotatingFile file = new RotatingFile(log, 0, 3)) {
            writeInRandomChunks(file, written, 2);
            assertThat(file.bytesWritten()).isEqualTo(written.length);
        }
        assertThat(Files.readAllBytes(log)).isEqualTo(written);
        assertThat(dir.resolve("x.log.1")).doesNotExist();
    }

    @Test
    void keptFilesHoldExactlyTheLastBytesWritten() throws IOException {
        Path log = dir.resolve("x.log");
        byte[] written = randomBytes(10 * MB, 3);
        try (RotatingFile file = new RotatingFile(log, MB, 3)) {
            writeInRandomChunks(file, written, 4);
            assertThat(file.bytesWritten()).isEqualTo(written.length);
        }
        byte[] kept = concat(dir.resolve("x.log.3"), dir.resolve("x.log.2"), dir.resolve("x.log.1"), log);
        assertThat(dir.resolve("x.log.4")).doesNotExist();
        assertThat(kept.length).isGreaterThan(3 * MB);
        assertThat(kept).isEqualTo(Arrays.copyOfRange(written, written.length - kept.length, written.length));
        for (int i = 1; i <= 3; i++) {
            // a rotated file reached the limit and overshot it by less than the chunk that crossed it
            assertThat(Files.size(dir.resolve("x.log." + i))).isBetween((long) MB, (long) MB + MAX_CHUNK - 1);
        }
        assertThat(Files.size(log)).isLessThan(MB);
    }

    @Test
    void enoughBackupsKeepEveryByteInOrder() throws IOException {
        Path log = dir.resolve("x.log");
        byte[] written = randomBytes(10 * MB, 5);
        try (RotatingFile file = new RotatingFile(log, MB, 20)) {
            writeInRandomChunks(file, written, 6);
        }
        List<Path> oldestFirst = new ArrayList<>();
        for (int i = 20; i >= 1; i--) {
            Path backup = dir.resolve("x.log." + i);
            if (Files.exists(backup)) {
                oldestFirst.add(backup);
            }
        }
        oldestFirst.add(log);
        assertThat(oldestFirst).hasSizeBetween(9, 11);
        assertThat(concat(oldestFirst.toArray(Path[]::new))).isEqualTo(written);
    }

    @Test
    void aWriteThatCrossesTheLimitEndsInTheOldFile() throws IOException {
        Path log = dir.resolve("x.log");
        try (RotatingFile file = new RotatingFile(log, 10, 2)) {
            file.write(ascii("1234567"));
            assertThat(dir.resolve("x.log.1")).doesNotExist();
            file.write(ascii("89abcde"));
            file.write(ascii("0123456789"));
            file.write(ascii("tail"));
        }
        assertThat(Files.readString(dir.resolve("x.log.2"))).isEqualTo("123456789abcde");
        assertThat(Files.readString(dir.resolve("x.log.1"))).isEqualTo("0123456789");
        assertThat(Files.readString(log)).isEqualTo("tail");
    }

    @Test
    void aFileTruncatedBehindItsBackIsNotRotatedEarly() throws IOException {
        Path log = dir.resolve("x.log");
        try (RotatingFile file = new RotatingFile(log, 100, 2)) {
            file.write(ascii("a".repeat(90)));
            try (var truncating = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
                truncating.truncate(0);                        // logrotate's copytruncate
            }
            file.write(ascii("b".repeat(20)));                 // 110 by the tracked size, 20 in truth
        }
        assertThat(Files.readString(log)).isEqualTo("b".repeat(20));
        assertThat(dir.resolve("x.log.1")).doesNotExist();
    }

    @Test
    void anotherWritersAppendsAreCountedWithinAFewMegabytes() throws IOException {
        Path log = dir.resolve("x.log");
        try (RotatingFile file = new RotatingFile(log, 1000, 2)) {
            Files.writeString(log, "x".repeat(2000), java.nio.file.StandardOpenOption.APPEND);
            int writes = 0;
            while (!Files.exists(dir.resolve("x.log.1"))) {
                file.write(ascii("y"));
                writes++;
                assertThat(writes).as("writes before the other writer's bytes count").isLessThanOrEqualTo(256);
            }
            assertThat(Files.size(dir.resolve("x.log.1"))).isEqualTo(2000L + writes);
        }
    }

    @Test
    void zeroBackupsTruncatesInPlace() throws IOException {
        Path log = dir.resolve("x.log");
        try (RotatingFile file = new RotatingFile(log, 10, 0)) {
            file.write(ascii("0123456789ab"));
            assertThat(Files.size(log)).isZero();
            file.write(ascii("xyz"));
            assertThat(file.bytesWritten()).isEqualTo(15);
        }
        assertThat(Files.readString(log)).isEqualTo("xyz");
        try (var names = Files.list(dir)) {
            assertThat(names).containsExactly(log);
        }
    }

    @Test
    void appendsToAnExistingFileAndCountsItTowardsRotation() throws IOException {
        Path log = dir.resolve("x.log");
        Files.writeString(log, "previous run\n");
        try (RotatingFile file = new RotatingFile(log, 16, 1)) {
            file.write(ascii("abc"));
            assertThat(Files.readString(log)).isEmpty();
        }
        assertThat(Files.readString(dir.resolve("x.log.1"))).isEqualTo("previous run\nabc");
    }

    @Test
    void noDescriptorIsLeftOpenByRotationReopenClearOrClose() throws IOException {
        // a raw fd has no cleaner behind it: every path that replaces or drops one must close it
        Path log = dir.resolve("x.log");
        try (RotatingFile file = new RotatingFile(log, 10, 2)) {
            for (int i = 0; i < 20; i++) file.write(ascii("0123456789"));   // a rotation each time
            assertThat(descriptorsInto(dir)).as("one open file while writing").hasSize(1);
            file.reopen();
            file.clear();
            file.write(ascii("after"));
            assertThat(descriptorsInto(dir)).hasSize(1);
        }
        assertThat(descriptorsInto(dir)).as("none after close").isEmpty();
    }

    /** This JVM's open descriptors whose file lies in {@code where}, from /proc/self/fd. */
    private static java.util.List<Path> descriptorsInto(Path where) throws IOException {
        java.util.List<Path> found = new java.util.ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(where)) found.add(target);
                } catch (IOException gone) {
                    // closed since listed (the listing's own fd, another thread's)
                }
            }
        }
        return found;
    }

    @Test
    void reopenFollowsAnExternalLogrotate() throws IOException {
        Path log = dir.resolve("x.log");
        try (RotatingFile file = new RotatingFile(log, 0, 0)) {
            file.write(ascii("before"));
            Files.move(log, dir.resolve("x.log-20261126"));
            file.write(ascii(" still old"));
            file.reopen();
            file.write(ascii("after"));
        }
        assertThat(Files.readString(dir.resolve("x.log-20261126"))).isEqualTo("before still old");
        assertThat(Files.readString(log)).isEqualTo("after");
    }

    @Test
    void clearEmptiesTheFileAndKeepsBackupsLikeSupervisord() throws IOException {
        Path log = dir.resolve("x.log");
        try (RotatingFile file = new RotatingFile(log, 4, 2)) {
            file.write(ascii("old!"));
            file.write(ascii("new"));
            file.clear();
            assertThat(Files.size(log)).isZero();
            file.write(ascii("fresh"));
        }
        assertThat(Files.readString(dir.resolve("x.log.2"))).isEqualTo("old!");
        assertThat(Files.readString(dir.resolve("x.log.1"))).isEqualTo("fresh");
        assertThat(Files.readString(log)).isEmpty();
    }

    @Test
    void aNonRegularFileIsNeverRotatedNorDeleted() throws IOException {
        Path log = dir.resolve("out.log");
        Files.createSymbolicLink(log, Path.of("/dev/null"));
        try (RotatingFile file = new RotatingFile(log, 10, 2)) {
            file.write(ascii("more than ten bytes"));
            file.write(ascii("and again, more than ten"));
            file.clear();
            file.write(ascii("after clear"));
            assertThat(file.bytesWritten()).isEqualTo(54);
        }
        assertThat(Files.isSymbolicLink(log)).isTrue();
        assertThat(Files.readSymbolicLink(log)).isEqualTo(Path.of("/dev/null"));
        try (var names = Files.list(dir)) {
            assertThat(names).containsExactly(log);
        }
        Files.delete(log); // the link, before @TempDir cleanup warns about its target
    }

    @Test
    void reopenFromAnotherThreadNeverSplitsNorLosesAWrite() throws Exception {
        Path log = dir.resolve("x.log");
        int chunks = 4000;
        byte[][] payloads = new byte[chunks][];
        for (int i = 0; i < chunks; i++) {
            payloads[i] = ("<" + i + ":" + "x".repeat(i % 500) + ">\n").getBytes();
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (RotatingFile file = new RotatingFile(log, 64 * 1024, 1000)) {
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    while (!done.get()) {
                        file.reopen();
                        file.reopen();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            try {
                for (byte[] payload : payloads) {
                    file.write(ByteBuffer.wrap(payload));
                }
            } finally {
                done.set(true);
                other.join(20_000);
            }
        }
        assertThat(failure.get()).isNull();
        List<Path> oldestFirst = new ArrayList<>();
        for (int i = 1000; i >= 1; i--) {
            Path backup = dir.resolve("x.log." + i);
            if (Files.exists(backup)) {
                oldestFirst.add(backup);
            }
        }
        oldestFirst.add(log);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            expected.write(payload);
        }
        assertThat(new String(concat(oldestFirst.toArray(Path[]::new)))).isEqualTo(expected.toString());
    }

    @Test
    void clearFromAnotherThreadLeavesOnlyWholeWrites() throws Exception {
        Path log = dir.resolve("x.log");
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (RotatingFile file = new RotatingFile(log, 0, 0)) {
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    while (!done.get()) {
                        file.clear();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            try {
                for (int i = 0; i < 20_000; i++) {
                    file.write(ByteBuffer.wrap(("<" + i + ":" + "y".repeat(i % 300) + ">\n").getBytes()));
                }
            } finally {
                done.set(true);
                other.join(20_000);
            }
            file.write(ByteBuffer.wrap("<last:>\n".getBytes()));
        }
        assertThat(failure.get()).isNull();
        List<String> records = Files.readAllLines(log);
        assertThat(records).isNotEmpty().last().isEqualTo("<last:>");
        int previous = -1;
        for (String record : records.subList(0, records.size() - 1)) {
            assertThat(record).matches("<\\d+:y*>");
            int index = Integer.parseInt(record.substring(1, record.indexOf(':')));
            assertThat(record).hasSize(index % 300 + 3 + String.valueOf(index).length());
            assertThat(index).isGreaterThan(previous);
            previous = index;
        }
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        RotatingFile file = new RotatingFile(dir.resolve("x.log"), 0, 0);
        file.close();
        assertThatThrownBy(() -> file.write(ascii("late"))).isInstanceOf(IOException.class);
    }

    /** 500 MB at disk speed with rotation: nothing lost, checked by digest so the test holds no 500 MB array. */
    @Test
    void fiveHundredMegabytesThroughRotationLoseNothing() throws Exception {
        Path log = dir.resolve("big.log");
        long total = 500L * MB;
        MessageDigest writtenDigest = MessageDigest.getInstance("SHA-256");
        byte[] block = randomBytes(MAX_CHUNK, 7);
        SplittableRandom random = new SplittableRandom(8);
        ByteBuffer direct = ByteBuffer.allocateDirect(MAX_CHUNK);
        long start = System.nanoTime();
        try (RotatingFile file = new RotatingFile(log, 50L * MB, 12)) {
            long left = total;
            while (left > 0) {
                int n = (int) Math.min(left, 1 + random.nextInt(MAX_CHUNK));
                block[0]++; // vary the content so a dropped or repeated chunk changes the digest
                writtenDigest.update(block, 0, n);
                direct.clear();
                direct.put(block, 0, n).flip();
                file.write(direct);
                left -= n;
            }
            assertThat(file.bytesWritten()).isEqualTo(total);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        MessageDigest keptDigest = MessageDigest.getInstance("SHA-256");
        long keptBytes = 0;
        for (int i = 12; i >= 0; i--) {
            Path part = i == 0 ? log : dir.resolve("big.log." + i);
            if (!Files.exists(part)) {
                continue;
            }
            try (InputStream in = Files.newInputStream(part)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; keptBytes += n) {
                    keptDigest.update(buffer, 0, n);
                }
            }
        }
        assertThat(keptBytes).isEqualTo(total);
        assertThat(HexFormat.of().formatHex(keptDigest.digest()))
                .isEqualTo(HexFormat.of().formatHex(writtenDigest.digest()));
        System.out.printf("RotatingFile: 500 MB in %.2f s (%.0f MB/s)%n", seconds, 500 / seconds);
    }

    static void writeInRandomChunks(RotatingFile file, byte[] bytes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int offset = 0;
        while (offset < bytes.length) {
            int n = Math.min(bytes.length - offset, 1 + random.nextInt(MAX_CHUNK));
            ByteBuffer chunk = ByteBuffer.wrap(bytes, offset, n);
            file.write(chunk);
            assertThat(chunk.hasRemaining()).isFalse();
            offset += n;
        }
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] concat(Path... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path part : parts) {
            out.write(Files.readAllBytes(part));
        }
        return out.toByteArray();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes());
    }
}
