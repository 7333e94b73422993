package io.corridor.supervisor.logging;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.TailResult;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * supervisord's offset/length rules for reading log files over XML-RPC.
 * (TEMPORARY body by the engine helper; the logging helper's version replaces it at merge.)
 */
public final class LogReader {
    private LogReader() {}

    /** {@code readLog}: (neg, 0) tail, (n, 0) to end, (n, m) slice, else BAD_ARGUMENTS; missing file NO_FILE. */
    public static String read(Path file, long offset, long length) {
        if ((offset < 0 && length != 0) || length < 0) throw new SupervisorException(Fault.BAD_ARGUMENTS);
        if (file == null || !Files.exists(file)) throw new SupervisorException(Fault.NO_FILE);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            long from = offset < 0 ? Math.max(0, size + offset) : Math.min(offset, size);
            long to = length == 0 ? size : Math.min(size, from + length);
            byte[] data = new byte[(int) (to - from)];
            f.seek(from);
            f.readFully(data);
            return new String(data, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SupervisorException(Fault.FAILED, e.getMessage());
        }
    }

    /** {@code tailProcessStdoutLog}: [data, newOffset, overflow]; a missing file gives ["", 0, false]. */
    public static TailResult tail(Path file, long offset, long length) {
        if (file == null || !Files.exists(file)) return new TailResult("", 0, false);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            boolean overflow = size > offset + length;
            long from = overflow ? Math.max(0, size - length) : Math.max(0, offset);
            byte[] data = new byte[(int) Math.max(0, size - from)];
            f.seek(from);
            f.readFully(data);
            return new TailResult(new String(data, StandardCharsets.UTF_8), size, overflow);
        } catch (IOException e) {
            return new TailResult("", 0, false);
        }
    }
}
