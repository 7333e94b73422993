package io.corridor.supervisor.engine;

import io.corridor.supervisor.logging.AnsiStripper;
import io.corridor.supervisor.logging.RotatingFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Where one captured stream of one process goes. The path is fixed by the owner thread; the file itself is opened,
 * written, rotated, reopened, cleared and closed only on the I/O thread, so {@link RotatingFile} has one writer.
 * A null path means {@code NONE}: bytes are read from the pipe (so the child never blocks) and dropped.
 * With {@code strip_ansi} the bytes lose their escape sequences first; at debug level they are also copied into
 * the main log, whatever the file ({@code NONE} too), as supervisord does.
 */
final class ChannelLog {
    private final Path path;
    private final long maxBytes;
    private final int backups;
    private RotatingFile file;
    private boolean closed;
    private long lostBytes = -1;   // -1: writes succeed; else bytes dropped since the first failed write
    private final AnsiStripper stripper;   // null: strip_ansi is off
    private final MainLogCopy mainLogCopy; // null: the main log does not show debug lines
    private ByteBuffer stripped;
    private OutputTail tail;               // null: nobody keeps the last lines

    /** Owner thread, before the I/O thread first writes: the last bytes written also go to {@code tail}. */
    ChannelLog tailInto(OutputTail tail) {
        this.tail = tail;
        return this;
    }

    ChannelLog(Path path, long maxBytes, int backups) {
        this(path, maxBytes, backups, null, null);
    }

    ChannelLog(Path path, long maxBytes, int backups, AnsiStripper stripper, MainLogCopy mainLogCopy) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.backups = backups;
        this.stripper = stripper;
        this.mainLogCopy = mainLogCopy;
    }

    Path path() { return path; }

    /**
     * I/O thread. Opens on first use so a spawn never waits on the disk. The main log gets its copy even when
     * the file write fails.
     */
    void write(ByteBuffer bytes) throws IOException {
        writeStripped(stripper == null ? bytes : strip(bytes));
    }

    /** I/O thread. The stream ended: a trailing ESC the stripper held back is written now. */
    void endOfStream() throws IOException {
        if (stripper == null) return;
        ByteBuffer rest = ByteBuffer.allocate(1);
        stripper.finish(rest);
        if (rest.flip().hasRemaining()) writeStripped(rest);
    }

    private void writeStripped(ByteBuffer bytes) throws IOException {
        ByteBuffer copy = mainLogCopy == null ? null : bytes.duplicate();
        if (tail != null) tail.append(bytes);
        try {
            if (path == null || closed) return;
            if (file == null) file = new RotatingFile(path, maxBytes, backups);
            file.write(bytes);
        } finally {
            if (copy != null) mainLogCopy.copy(copy);
        }
    }

    private ByteBuffer strip(ByteBuffer bytes) {
        int need = bytes.remaining() + 1;
        if (stripped == null || stripped.capacity() < need) stripped = ByteBuffer.allocate(Math.max(need, 4096));
        stripped.clear();
        stripper.strip(bytes, stripped);
        return stripped.flip();
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
