package io.corridor.supervisor.logging;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.TailResult;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * supervisord's offset/length rules for reading log files over XML-RPC ({@code options.py} {@code readFile} and
 * {@code tailFile}), reading only the requested bytes. Bytes are decoded as UTF-8 with U+FFFD for malformed
 * input, so a slice that cuts a multi-byte character yields a replacement character where supervisord would
 * fail the request.
 */
public final class LogReader {
    /** The largest answer a Java string can carry; supervisord has no limit but would run out of memory. */
    private static final long MAX_ANSWER = Integer.MAX_VALUE - 16;

    private LogReader() {}

    /**
     * {@code readLog}/{@code readProcessStdoutLog}: (neg, 0) the last |offset| bytes; (n, 0) from n to the end;
     * (n, m) m bytes from n; (neg, ≠0) or (n, neg) BAD_ARGUMENTS. A missing file is NO_FILE (detail: the path),
     * an unreadable one FAILED.
     */
    public static String read(Path file, long offset, long length) {
        if (!Files.exists(file)) {
            throw new SupervisorException(Fault.NO_FILE, file.toString());
        }
        // supervisord opens the file before checking the arguments, so an unreadable file wins over bad ones
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long start;
            long count;
            if (offset < 0) {
                if (length != 0) {
                    throw new SupervisorException(Fault.BAD_ARGUMENTS);
                }
                long wanted = offset == Long.MIN_VALUE ? Long.MAX_VALUE : -offset;
                start = Math.max(0, size - wanted);
                count = size - start;
            } else {
                if (length < 0) {
                    throw new SupervisorException(Fault.BAD_ARGUMENTS);
                }
                start = offset;
                long available = Math.max(0, size - offset);
                count = length == 0 ? available : Math.min(length, available);
            }
            return decode(readAt(channel, start, count));
        } catch (IOException e) {
            throw new SupervisorException(Fault.FAILED, e.getMessage());
        }
    }

    /**
     * {@code tailProcessStdoutLog}: [data, newOffset, overflow]. When the file holds more than
     * {@code offset + length} bytes the answer is its last {@code length} bytes with overflow set; when fewer
     * than {@code length} bytes follow {@code offset}, supervisord also answers with the file's last
     * {@code length} bytes (its quirk, kept). The new offset is always the file size. A missing file gives
     * {@code ["", 0, false]}; an unreadable one {@code ["", offset, false]}.
     */
    public static TailResult tail(Path file, long offset, long length) {
        if (!Files.exists(file)) {
            return new TailResult("", 0, false);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = offset;
            long count = length;
            boolean overflow = false;
            // a line-by-line port of tailFile; saturating sums stand in for Python's unbounded integers
            if (size > saturatedAdd(start, count)) {
                overflow = true;
                start = size - 1;
            }
            if (saturatedAdd(start, count) > size) {
                if (start > size - 1) {
                    count = 0;
                }
                start = count > size ? 0 : size - count;
            }
            if (start < 0) {
                start = 0;
            }
            if (count < 0) {
                count = 0;
            }
            String data = count == 0 ? "" : decode(readAt(channel, start, Math.min(count, Math.max(0, size - start))));
            return new TailResult(data, size, overflow);
        } catch (IOException e) {
            return new TailResult("", offset, false);
        }
    }

    private static byte[] readAt(FileChannel channel, long start, long count) throws IOException {
        if (count > MAX_ANSWER) {
            throw new IOException("cannot answer with " + count + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) count);
        long position = start;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                break; // the file shrank since size() (rotation, clear): answer with what is there
            }
            position += n;
        }
        return buffer.position() == buffer.capacity() ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
