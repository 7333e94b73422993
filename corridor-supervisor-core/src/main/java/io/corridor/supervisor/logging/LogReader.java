package io.corridor.supervisor.logging;

import io.corridor.supervisor.TailResult;

import java.nio.file.Path;

/** supervisord's offset/length rules for reading log files over XML-RPC. (Stub until the logging package lands.) */
public final class LogReader {
    private LogReader() {}

    /** {@code readLog}: (neg, 0) tail, (n, 0) to end, (n, m) slice, else BAD_ARGUMENTS; missing file NO_FILE. */
    public static String read(Path file, long offset, long length) { throw new UnsupportedOperationException(); }

    /** {@code tailProcessStdoutLog}: [data, newOffset, overflow]; a missing file gives ["", 0, false]. */
    public static TailResult tail(Path file, long offset, long length) { throw new UnsupportedOperationException(); }
}
