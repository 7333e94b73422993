package io.corridor.supervisor.engine;

import io.corridor.supervisor.logging.RotatingFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Where one captured stream of one process goes. The path is fixed by the owner thread; the file itself is opened,
 * written, rotated, reopened, cleared and closed only on the I/O thread, so {@link RotatingFile} has one writer.
 * A null path means {@code NONE}: bytes are read from the pipe (so the child never blocks) and dropped.
 */
final class ChannelLog {
    private final Path path;
    private final long maxBytes;
    private final int backups;
    private RotatingFile file;
    private boolean closed;
    private long lostBytes = -1;   // -1: writes succeed; else bytes dropped since the first failed write

    ChannelLog(Path path, long maxBytes, int backups) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.backups = backups;
    }

    Path path() { return path; }

    /** I/O thread. Opens on first use so a spawn never waits on the disk. */
    void write(ByteBuffer bytes) throws IOException {
        if (path == null || closed) return;
        if (file == null) file = new RotatingFile(path, maxBytes, backups);
        file.write(bytes);
    }

    /**
     * I/O thread. Records bytes that could not be written.
     * @return true for the first failure since the last successful write: the one worth reporting
     */
    boolean writeFailed(long bytes) {
        boolean first = lostBytes < 0;
        lostBytes = (first ? 0 : lostBytes) + bytes;
        return first;
    }

    /** I/O thread. @return the bytes lost in the failure a successful write has just ended, or -1 if none */
    long writeSucceeded() {
        long lost = lostBytes;
        lostBytes = -1;
        return lost;
    }

    /** I/O thread. */
    void open() throws IOException {
        if (path != null && file == null && !closed) file = new RotatingFile(path, maxBytes, backups);
    }

    /** I/O thread. */
    void reopen() throws IOException {
        if (file != null) file.reopen();
    }

    /** I/O thread. */
    void clear() throws IOException {
        if (path == null) return;
        if (file == null) open();
        file.clear();
    }

    /** I/O thread. */
    void close() {
        closed = true;
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // nothing useful to do when a log file cannot be closed
            }
            file = null;
        }
    }
}
