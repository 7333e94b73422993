package io.corridor.supervisor.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A file opened for appending and written with {@code write(2)} on its raw fd. A log file is open for as long as
 * its process is configured: a {@code FileChannel} per file carried a {@code FileDescriptor}, a cleaner, a
 * thread set and two locks (~0.3 KiB of heap per file, two files per process; docs/benchmarks.md), where the fd
 * is an int. The caller owns the fd and closes it with {@link #close}: nothing closes it for a lost owner.
 * Failures are the JDK's exceptions with the JDK's messages, as {@code FileChannel} reports them.
 */
public final class AppendFile {
    /** Heap bytes are copied into native memory to be written, at most this much per write call. */
    private static final int SCRATCH_MAX = 256 * 1024;
    /** Each writing thread's copy buffer, grown to the largest heap write it has seen (up to SCRATCH_MAX). */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> new MemorySegment[1]);

    private AppendFile() {}

    /** Opens {@code path} for appending, creating it (mode 0666 less the umask) if needed. @return the fd */
    public static int open(String path) throws IOException {
        return open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_APPEND | Libc.O_CLOEXEC);
    }

    /** Creates {@code path} or empties it in place. */
    public static void truncate(String path) throws IOException {
        close(open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC | Libc.O_CLOEXEC));
    }

    private static int open(String path, int flags) throws IOException {
        int fd = Libc.open(path, flags, 0666);
        if (fd < 0) throw failure(path, -fd);
        return fd;
    }

    /** Writes every remaining byte of {@code src}, in as few {@code write(2)} calls as the kernel allows. */
    public static void write(int fd, ByteBuffer src) throws IOException {
        MemorySegment bytes = MemorySegment.ofBuffer(src);
        long done = 0, length = bytes.byteSize();
        while (done < length) {
            long r;
            if (bytes.isNative()) {
                r = Libc.write(fd, bytes.asSlice(done), length - done);
            } else {
                MemorySegment scratch = scratch(length - done);
                long n = Math.min(length - done, scratch.byteSize());
                MemorySegment.copy(bytes, done, scratch, 0, n);
                r = Libc.write(fd, scratch, n);
            }
            if (r == -Errno.EINTR) continue;
            if (r < 0) {
                src.position(src.position() + (int) done);
                throw new IOException(Libc.strerror((int) -r));
            }
            done += r;
        }
        src.position(src.position() + (int) done);
    }

    /** The size of the file behind {@code fd}. */
    public static long size(int fd) throws IOException {
        long r = Libc.lseek(fd, 0, Libc.SEEK_END);
        if (r < 0) throw new IOException(Libc.strerror((int) -r));
        return r;
    }

    public static void close(int fd) throws IOException {
        int r = Libc.close(fd);
        // EINTR: Linux has released the fd already; retrying could close another thread's new fd
        if (r < 0 && r != -Errno.EINTR) throw new IOException(Libc.strerror(-r));
    }

    private static MemorySegment scratch(long wanted) {
        MemorySegment[] slot = SCRATCH.get();
        if (slot[0] == null || slot[0].byteSize() < Math.min(wanted, SCRATCH_MAX)) {
            long size = Math.min(SCRATCH_MAX, Math.max(8192, Long.highestOneBit(wanted - 1) << 1));
            slot[0] = Arena.ofAuto().allocate(size);
        }
        return slot[0];
    }

    /** The exception {@code FileChannel.open} throws for that errno. */
    private static IOException failure(String path, int errno) {
        return switch (errno) {
            case Errno.ENOENT -> new NoSuchFileException(path);
            case Errno.EACCES -> new AccessDeniedException(path);
            default -> new FileSystemException(path, null, Libc.strerror(errno));
        };
    }
}
