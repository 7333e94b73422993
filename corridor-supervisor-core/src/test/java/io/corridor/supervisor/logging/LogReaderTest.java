package io.corridor.supervisor.logging;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.TailResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogReaderTest {
    @TempDir
    Path dir;

    /**
     * Every (offset, length) pair of the table was answered by supervisord 4.2.5's own {@code readFile} and
     * {@code tailFile} on the same 100-byte file; this reader must give the same answers.
     */
    @TestFactory
    Stream<DynamicTest> answersLikeSupervisordForEveryOffsetAndLength() throws IOException {
        Path file = dir.resolve("x.log");
        byte[] content = new byte[100];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        Files.write(file, content);
        List<String> rows;
        try (InputStream in = LogReaderTest.class.getResourceAsStream("supervisord-read-tail.txt")) {
            rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
        assertThat(rows).hasSize(2 * 16 * 12);
        return rows.stream().map(row -> DynamicTest.dynamicTest(row, () -> {
            String[] f = row.split(";", -1);
            long offset = Long.parseLong(f[1]);
            long length = Long.parseLong(f[2]);
            String expected = f[3];
            if (f[0].equals("read")) {
                assertThat(readOrFault(file, offset, length)).isEqualTo(expected);
            } else {
                TailResult tail = LogReader.tail(file, offset, length);
                assertThat(tail.data() + "|" + tail.offset() + "|" + tail.overflow()).isEqualTo(expected);
            }
        }));
    }

    @Test
    void readOfAMissingFileIsNoFileNamingIt() {
        Path missing = dir.resolve("missing.log");
        assertThatThrownBy(() -> LogReader.read(missing, 0, 0))
                .isInstanceOfSatisfying(SupervisorException.class, e -> {
                    assertThat(e.fault()).isEqualTo(Fault.NO_FILE);
                    assertThat(e.getMessage()).isEqualTo("NO_FILE: " + missing);
                });
    }

    @Test
    void readOfSomethingUnreadableIsFailed() {
        assertThatThrownBy(() -> LogReader.read(dir, 0, 0))
                .isInstanceOfSatisfying(SupervisorException.class, e -> assertThat(e.fault()).isEqualTo(Fault.FAILED));
    }

    @Test
    void tailOfAMissingFileIsEmptyAtZero() {
        assertThat(LogReader.tail(dir.resolve("missing.log"), 500, 100)).isEqualTo(new TailResult("", 0, false));
    }

    @Test
    void tailOfSomethingUnreadableKeepsTheOffset() {
        assertThat(LogReader.tail(dir, 500, 100)).isEqualTo(new TailResult("", 500, false));
    }

    @Test
    void readsOnlyTheRequestedBytesOfABigFile() throws IOException {
        Path file = dir.resolve("big.log");
        try (var out = Files.newOutputStream(file)) {
            byte[] block = new byte[1 << 20];
            java.util.Arrays.fill(block, (byte) '.');
            for (int i = 0; i < 64; i++) {
                out.write(block);
            }
            out.write("the end\n".getBytes());
        }
        assertThat(LogReader.read(file, -8, 0)).isEqualTo("the end\n");
        assertThat(LogReader.read(file, 64L << 20, 3)).isEqualTo("the");
        assertThat(LogReader.tail(file, 0, 4)).isEqualTo(new TailResult("end\n", (64L << 20) + 8, true));
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() throws IOException {
        Path file = dir.resolve("x.log");
        Files.write(file, "é€ ok".getBytes(StandardCharsets.UTF_8)); // é = 2 bytes, € = 3 bytes
        assertThat(LogReader.read(file, 0, 0)).isEqualTo("é€ ok");
        assertThat(LogReader.read(file, 1, 0)).isEqualTo("\uFFFD€ ok");
        assertThat(LogReader.read(file, 0, 3)).isEqualTo("é\uFFFD");
        assertThat(LogReader.tail(file, 0, 5).data()).isEqualTo("\uFFFD\uFFFD ok"); // two stray continuation bytes
    }

    @Test
    void extremeArgumentsNeitherOverflowNorThrow() throws IOException {
        Path file = dir.resolve("x.log");
        Files.writeString(file, "0123456789");
        assertThat(LogReader.read(file, Long.MIN_VALUE, 0)).isEqualTo("0123456789");
        assertThat(LogReader.read(file, Long.MAX_VALUE, 0)).isEmpty();
        assertThat(LogReader.read(file, 2, Long.MAX_VALUE)).isEqualTo("23456789");
        assertThat(LogReader.tail(file, Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(new TailResult("", 10, false));
        assertThat(LogReader.tail(file, Long.MIN_VALUE, Long.MIN_VALUE)).isEqualTo(new TailResult("", 10, true));
        assertThat(LogReader.tail(file, 0, Long.MAX_VALUE)).isEqualTo(new TailResult("0123456789", 10, false));
        assertThat(LogReader.tail(file, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(new TailResult("0123456789", 10, true));
    }

    private static String readOrFault(Path file, long offset, long length) {
        try {
            return LogReader.read(file, offset, length);
        } catch (SupervisorException e) {
            return "!" + e.fault().name();
        }
    }
}
