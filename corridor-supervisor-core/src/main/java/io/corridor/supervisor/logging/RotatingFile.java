package io.corridor.supervisor.logging;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A child stream's log file with supervisord's size rotation ({@code x.log} → {@code x.log.1} … {@code .N}).
 * One writer thread; no byte is lost across a rotation. (Stub until the logging package lands.)
 */
public final class RotatingFile implements Closeable {
    public RotatingFile(Path path, long maxBytes, int backups) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** Writes every remaining byte of {@code src}, rotating when the file reaches maxBytes (0 = never). */
    public void write(ByteBuffer src) throws IOException { throw new UnsupportedOperationException(); }

    /** Closes and reopens the file by name (SIGUSR2, after an external logrotate). */
    public void reopen() throws IOException { throw new UnsupportedOperationException(); }

    /** Truncates the file to nothing and removes the backups ({@code clearProcessLogs}). */
    public void clear() throws IOException { throw new UnsupportedOperationException(); }

    public Path path() { throw new UnsupportedOperationException(); }

    /** Total bytes written since creation, for metrics. */
    public long bytesWritten() { throw new UnsupportedOperationException(); }

    @Override
    public void close() throws IOException { throw new UnsupportedOperationException(); }
}
