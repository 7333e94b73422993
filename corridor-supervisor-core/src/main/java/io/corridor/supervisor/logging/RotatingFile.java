package io.corridor.supervisor.logging;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A child stream's log file with supervisord's size rotation ({@code x.log} → {@code x.log.1} … {@code .N}).
 * One writer thread; no byte is lost across a rotation. (TEMPORARY body by the engine helper; the logging helper's
 * version replaces it at merge.)
 */
public final class RotatingFile implements Closeable {
    private final Path path;
    private final long maxBytes;
    private final int backups;
    private FileChannel channel;
    private long size;
    private long written;

    public RotatingFile(Path path, long maxBytes, int backups) throws IOException {
        this.path = path;
        this.maxBytes = maxBytes;
        this.backups = backups;
        open();
    }

    private void open() throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
    }

    /** Writes every remaining byte of {@code src}, rotating when the file reaches maxBytes (0 = never). */
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int limit = src.limit();
            if (maxBytes > 0 && src.remaining() > maxBytes - size) src.limit(src.position() + (int) Math.max(0, maxBytes - size));
            while (src.hasRemaining()) {
                int n = channel.write(src);
                size += n;
                written += n;
            }
            src.limit(limit);
            if (maxBytes > 0 && size >= maxBytes) rotate();
        }
    }

    private void rotate() throws IOException {
        channel.close();
        if (backups > 0) {
            for (int i = backups - 1; i >= 1; i--) {
                Path from = Path.of(path + "." + i);
                if (Files.exists(from)) Files.move(from, Path.of(path + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(path, Path.of(path + ".1"), StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException ignored) {
                // removed behind our back: nothing to keep
            }
        }
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        size = 0;
    }

    /** Closes and reopens the file by name (SIGUSR2, after an external logrotate). */
    public void reopen() throws IOException {
        channel.close();
        open();
    }

    /** Truncates the file to nothing and removes the backups ({@code clearProcessLogs}). */
    public void clear() throws IOException {
        channel.close();
        for (int i = 1; i <= backups; i++) Files.deleteIfExists(Path.of(path + "." + i));
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        size = 0;
    }

    public Path path() { return path; }

    /** Total bytes written since creation, for metrics. */
    public long bytesWritten() { return written; }

    @Override
    public void close() throws IOException { channel.close(); }
}
