package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.LogOptions;
import io.corridor.supervisor.config.LogSpec;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.config.TimeRotation;
import io.corridor.supervisor.logging.AnsiStripper;
import io.corridor.supervisor.logging.LineFormatter;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.logging.RotatingFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * Where one captured stream of one process goes. The path is fixed by the owner thread; the file itself is opened,
 * written, rotated, reopened, cleared and closed only on the I/O thread, so {@link RotatingFile} has one writer.
 * A null path means {@code NONE}: bytes are read from the pipe (so the child never blocks) and dropped.
 * With {@code strip_ansi} the bytes lose their escape sequences first; at debug level they are also copied into
 * the main log, whatever the file ({@code NONE} too), as supervisord does. Then, with a {@code timestamp}/{@code json}
 * format or a prefix, they go through a {@link LineFormatter}; plain bytes go to the file as read.
 */
final class ChannelLog {
    /** The file's name (a String, not a Path: see RotatingFile); null for NONE. */
    private final String path;
    private final long maxBytes;
    private final int backups;
    private final LogOptions options;
    private final LineFormatter formatter;   // null: plain bytes
    private final MainLog log;
    private RotatingFile file;
    private boolean closed;
    private boolean warnedNotRotatable;
    private long lostBytes = -1;   // -1: writes succeed; else bytes dropped since the first failed write
    /** System.nanoTime() of the last bytes held by the formatter, for the idle flush. */
    private long lastInput;
    private final AnsiStripper stripper;   // null: strip_ansi is off
    private final MainLogCopy mainLogCopy; // null: the main log does not show debug lines
    private ByteBuffer stripped;
    private OutputTail tail;               // null: nobody keeps the last lines

    /** Owner thread, before the I/O thread first writes: the last bytes written also go to {@code tail}. */
    ChannelLog tailInto(OutputTail tail) {
        this.tail = tail;
        return this;
    }

    /** A stream that is not logged (NONE, or stderr redirected into stdout). */
    ChannelLog(MainLog log) {
        this(null, null, null, null, log, null, null);
    }

    ChannelLog(Path path, LogSpec spec, ProcessSpec process, String stream, MainLog log, AnsiStripper stripper,
               MainLogCopy mainLogCopy) {
        this.path = path == null ? null : path.toString();
        this.maxBytes = spec == null ? 0 : spec.maxBytes();
        this.backups = spec == null ? 0 : spec.backups();
        this.options = spec == null ? LogOptions.PLAIN : spec.options();
        this.formatter = path != null && options.decorated() ? new LineFormatter(options, process.namespec(),
                process.programName(), process.name(), stream, ZoneId.systemDefault()) : null;
        this.log = log;
        this.stripper = stripper;
        this.mainLogCopy = mainLogCopy;
    }

    /** The file, made on each call (for messages and the log APIs); null for NONE. */
    Path path() { return path == null ? null : Path.of(path); }

    /** The file's name, or null for NONE. */
    String pathName() { return path; }

    /** Whether the bytes go to a file (not NONE). */
    boolean logged() { return path != null; }

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
            if (file == null) open();
            if (formatter == null) {
                file.write(bytes);
                return;
            }
            ByteBuffer formatted = formatter.format(bytes, System.currentTimeMillis());
            if (formatter.hasPending()) lastInput = System.nanoTime();
            if (formatted.hasRemaining()) file.write(formatted);
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

    /** I/O thread. True when the formatter holds the beginning of a line. */
    boolean hasPending() {
        return formatter != null && formatter.hasPending();
    }

    /** I/O thread. When the held beginning of a line was read (System.nanoTime()). */
    long lastInput() {
        return lastInput;
    }

    /** I/O thread. Writes the held beginning of a line as a partial line (idle stream, child exit, close). */
    void flush() throws IOException {
        if (!hasPending() || closed) return;
        if (file == null) open();
        ByteBuffer formatted = formatter.flush(System.currentTimeMillis());
        if (formatted.hasRemaining()) file.write(formatted);
    }

    /**
     * I/O thread, before a new child's pipes are watched: the file is reopened by name, as supervisord opens it at
     * each spawn, so a log deleted or moved while the program was stopped is created anew rather than written
     * unlinked; JSON lines carry the new pid.
     */
    void spawned(int pid) throws IOException {
        if (path == null || closed) return;
        if (formatter != null) {
            flush();
            formatter.pid(pid);
        }
        if (file != null) {
            RotatingFile old = file;
            file = null;
            old.close();
        }
        open();
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
        if (path == null || file != null || closed) return;
        file = new RotatingFile(path, maxBytes, backups, options.rotate(), options.compress(), ZoneId.systemDefault());
        if (!file.rotatable() && (maxBytes > 0 || options.rotate() != TimeRotation.NEVER) && !warnedNotRotatable) {
            warnedNotRotatable = true;
            log.warn(path + " is not a regular file: its size and time rotation are skipped (set "
                    + "*_logfile_maxbytes=0 to silence this)");
        }
    }

    /** I/O thread. */
    void reopen() throws IOException {
        if (file != null) file.reopen();
    }

    /** I/O thread ({@code logrotate}). @return whether the file was rolled over (false: empty, or not a regular file) */
    boolean rotateNow() throws IOException {
        if (path == null || closed) return false;
        if (file == null) open();
        return file.rotateNow();
    }

    /** I/O thread. */
    void clear() throws IOException {
        if (path == null) return;
        if (file == null) open();
        file.clear();
    }

    /** I/O thread. */
    void close() {
        try {
            flush();
        } catch (IOException ignored) {
            // closing anyway
        }
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
