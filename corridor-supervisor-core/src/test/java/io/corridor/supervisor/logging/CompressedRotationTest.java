package io.corridor.supervisor.logging;

import io.corridor.supervisor.config.TimeRotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.zip.GZIPInputStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code *_logfile_compress}: backups become .N.gz in order, off the writing thread, the oldest dropped. */
class CompressedRotationTest {
    @TempDir Path dir;

    @Test
    void backupsAreGzippedInOrderAndTheOldestIsDropped() throws Exception {
        Path log = dir.resolve("c.log");
        try (RotatingFile file = new RotatingFile(log, 1000, 2, TimeRotation.NEVER, true, ZoneId.systemDefault())) {
            for (int i = 0; i < 4; i++) {
                // each write reaches the limit, so each rolls over: files "0", "1", "2", "3" of 1000 bytes
                file.write(ByteBuffer.wrap(String.valueOf(i).repeat(1000).getBytes(UTF_8)));
            }
            file.write(ByteBuffer.wrap("tail".getBytes(UTF_8)));
            Compressor.drain();
        }
        assertThat(Files.readString(log)).isEqualTo("tail");
        assertThat(gunzip(dir.resolve("c.log.1.gz"))).isEqualTo("3".repeat(1000));
        assertThat(gunzip(dir.resolve("c.log.2.gz"))).isEqualTo("2".repeat(1000));
        try (var names = Files.list(dir)) {
            assertThat(names.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("c.log", "c.log.1.gz", "c.log.2.gz");
        }
    }

    @Test
    void rotateNowSkipsAnEmptyFile() throws Exception {
        Path log = dir.resolve("n.log");
        try (RotatingFile file = new RotatingFile(log, 0, 3, TimeRotation.NEVER, true, ZoneId.systemDefault())) {
            assertThat(file.rotateNow()).isFalse();
            file.write(ByteBuffer.wrap("x\n".getBytes(UTF_8)));
            assertThat(file.rotateNow()).isTrue();
            Compressor.drain();
        }
        assertThat(gunzip(dir.resolve("n.log.1.gz"))).isEqualTo("x\n");
        assertThat(Files.size(log)).isZero();
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
