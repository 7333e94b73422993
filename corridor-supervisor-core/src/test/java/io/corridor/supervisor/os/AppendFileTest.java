package io.corridor.supervisor.os;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppendFileTest {
    @TempDir
    Path dir;

    @Test
    void appendsHeapAndNativeBytesWhateverTheirSize() throws IOException {
        Path file = dir.resolve("x.log");
        Files.writeString(file, "kept\n");
        byte[] small = "small\n".getBytes();
        byte[] large = new byte[1 << 20]; // four times the largest copy buffer: written in several calls
        new SplittableRandom(7).nextBytes(large);
        byte[] mapped = new byte[100_000];
        new SplittableRandom(8).nextBytes(mapped);
        int fd = AppendFile.open(file.toString());
        try (Arena arena = Arena.ofConfined()) {
            AppendFile.write(fd, ByteBuffer.wrap(small));
            ByteBuffer slice = ByteBuffer.wrap(large, 10, large.length - 20); // position and limit inside the array
            AppendFile.write(fd, slice);
            assertThat(slice.hasRemaining()).isFalse();
            ByteBuffer direct = arena.allocate(mapped.length).asByteBuffer().put(mapped).flip();
            AppendFile.write(fd, direct);
            assertThat(direct.hasRemaining()).isFalse();
            AppendFile.write(fd, ByteBuffer.wrap(small).asReadOnlyBuffer());
            assertThat(AppendFile.size(fd)).isEqualTo(Files.size(file));
        } finally {
            AppendFile.close(fd);
        }
        byte[] expected = concat("kept\n".getBytes(), small, Arrays.copyOfRange(large, 10, large.length - 10), mapped, small);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    @Test
    void truncatesInPlaceAndCreates() throws IOException {
        Path file = dir.resolve("t.log");
        Files.writeString(file, "old content");
        AppendFile.truncate(file.toString());
        assertThat(Files.size(file)).isZero();
        AppendFile.truncate(dir.resolve("new.log").toString());
        assertThat(dir.resolve("new.log")).exists().isEmptyFile();
    }

    @Test
    void failuresAreTheJdksExceptionsWithTheJdksMessages() throws IOException {
        Path missing = dir.resolve("no/such/dir/x.log");
        assertThatThrownBy(() -> AppendFile.open(missing.toString()))
                .isInstanceOf(NoSuchFileException.class).hasMessage(missing.toString());
        int fd = AppendFile.open("/dev/full");
        try {
            assertThatThrownBy(() -> AppendFile.write(fd, ByteBuffer.wrap(new byte[10])))
                    .isInstanceOf(IOException.class).hasMessage("No space left on device");
        } finally {
            AppendFile.close(fd);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) length += p.length;
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
