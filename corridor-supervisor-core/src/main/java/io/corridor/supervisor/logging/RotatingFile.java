package io.corridor.supervisor.logging;

import io.corridor.supervisor.config.TimeRotation;
import io.corridor.supervisor.os.AppendFile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * A child stream's log file with supervisord's size rotation ({@code x.log} → {@code x.log.1} … {@code .N}).
 *
 * <p>Rotation is supervisord's {@code RotatingFileHandler.doRollover}: it is checked <em>after</em> each
 * {@link #write} (against the size this object tracks, confirmed with the real one before rotating; exact when this
 * object is the file's only writer, as for a child's log), and when the file has reached
 * {@code maxBytes} the backups shift up by one
 * ({@code .N-1→.N} … {@code .1→.2}, the oldest falls off), the file becomes {@code .1}, and a fresh file is
 * opened. A write is never split: the chunk that crosses the limit ends in the old file, which can therefore
 * exceed {@code maxBytes} by at most one chunk. So the kept files, oldest first, always hold a contiguous
 * suffix of everything written. With {@code backups == 0} the file is truncated in place. Rotation only
 * applies to regular files outside /dev and /proc: a FIFO or {@code /dev/stdout} is written as is. The names of
 * the supervisor's own output ({@code /dev/stdout}, {@code /dev/fd/1}, {@code /dev/stderr}, …) are written to its
 * file descriptor 1 or 2 directly, which works whatever that is (a pipe, a terminal, journald's socket).
 *
 * <p>Time rotation ({@link TimeRotation}) rolls over at the first write after the local hour or day has changed
 * since the file was opened (or last modified, for a file that already has content), the same rollover as a size
 * one; both apply. With {@code compress}, a rolled-over file is renamed aside at once and gzipped by the
 * {@link Compressor} thread, then becomes {@code .1.gz} (older {@code .N.gz} shift up): the I/O thread never
 * compresses.
 *
 * <p>Threading: one I/O thread calls {@link #write}; {@link #reopen}, {@link #clear} and {@link #close} may
 * come from any thread. Every operation holds this object's monitor, uncontended in the normal case, so a rotation
 * or a reopen never interleaves with a write.
 *
 * <p>The file is a raw fd written with {@code write(2)} ({@link AppendFile}): there is one open file per stream of
 * every configured process, and a {@code FileChannel} with its descriptor, cleaner and locks was most of a
 * process's heap (docs/benchmarks.md). An unreachable RotatingFile that was never closed leaks its fd.
 */
public final class RotatingFile implements Closeable {
    /** Writes between two looks at the real size while the estimate is below maxBytes (see {@link #write}). */
    private static final int WRITES_PER_SIZE_CHECK = 256;

    /**
     * The file's name as given. Not a Path: a Path keeps its bytes, offsets and (once printed) a String of its own,
     * ~0.25 KiB per open log file; one is made when a rotation or an open needs it.
     */
    private final String name;
    private final long maxBytes;
    private final int backups;
    private final TimeRotation timeRotation;
    private final boolean compress;
    private final ZoneId zone;
    /** -1 while closed. */
    private int fd = -1;
    /** The supervisor's own fd 1 or 2: written, never closed. */
    private boolean borrowed;
    private boolean rotatable;
    /** Epoch millis of the next time rotation; Long.MAX_VALUE for none. */
    private long rotateAt = Long.MAX_VALUE;
    private volatile long bytesWritten;
    /** The file's size as of the last look plus what this object wrote since. */
    private long sizeEstimate;
    private int writesSinceSizeCheck;

    /**
     * Opens (creating if needed, appending if present) the file.
     *
     * @param maxBytes the size that triggers a rotation; 0 never rotates
     * @param backups  how many rotated files to keep; 0 truncates the file in place
     */
    public RotatingFile(Path path, long maxBytes, int backups) throws IOException {
        this(path.toString(), maxBytes, backups, TimeRotation.NEVER, false, ZoneId.systemDefault());
    }

    /**
     * @param timeRotation also roll over when the local hour or day changes
     * @param compress     gzip the backups ({@code .N.gz}) on the compressor thread
     */
    public RotatingFile(Path path, long maxBytes, int backups, TimeRotation timeRotation, boolean compress,
                        ZoneId zone) throws IOException {
        this(path.toString(), maxBytes, backups, timeRotation, compress, zone);
    }

    /** As the Path constructor, for a caller that keeps the name as a String already. */
    public RotatingFile(String path, long maxBytes, int backups, TimeRotation timeRotation, boolean compress,
                        ZoneId zone) throws IOException {
        if (maxBytes < 0 || backups < 0) {
            throw new IllegalArgumentException("maxBytes and backups must be >= 0, got " + maxBytes + ", " + backups);
        }
        this.name = path;
        this.maxBytes = maxBytes;
        this.backups = backups;
        this.timeRotation = timeRotation;
        this.compress = compress && backups > 0;
        this.zone = zone;
        try {
            open();
        } catch (IOException | RuntimeException e) {
            // open() may fail after taking the fd (the file unlinked before its size or time is read): nothing
            // would close a raw fd of an object never returned
            try {
                closeFd();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Writes every remaining byte of {@code src}, rotating when the file reaches maxBytes (0 = never). */
    public synchronized void write(ByteBuffer src) throws IOException {
        // Time rotation before the write: a line read after the boundary belongs in the new file.
        if (rotateAt != Long.MAX_VALUE && System.currentTimeMillis() >= rotateAt) rollOver();
        int count = src.remaining();
        AppendFile.write(fd, src);
        bytesWritten += count;
        if (maxBytes > 0 && rotatable) {
            // A size look (fstat, now lseek) after every 64 KiB write cost a tenth of the throughput of a chatty child (measured:
            // 500 MB through a pipe, 0.34 -> 0.37-0.40 s). The estimate is exact for a file only we append
            // to; the real size is looked at before any rotation, and every 256 writes (16 MiB of full
            // chunks) to notice another writer's appends, which may therefore rotate that much late.
            sizeEstimate += count;
            if (sizeEstimate >= maxBytes || ++writesSinceSizeCheck >= WRITES_PER_SIZE_CHECK) {
                sizeEstimate = AppendFile.size(fd);
                writesSinceSizeCheck = 0;
                if (sizeEstimate >= maxBytes) {
                    rollOver();
                }
            }
        }
    }

    /** Rolls the file over now if it is rotatable and not empty ({@code corridorctl logrotate}). @return whether it did */
    public synchronized boolean rotateNow() throws IOException {
        if (!rotatable || AppendFile.size(fd) == 0) return false;
        rollOver();
        return true;
    }

    /** Whether size and time rotation apply: a regular file outside /dev and /proc. */
    public boolean rotatable() {
        return rotatable;
    }

    /** Closes and reopens the file by name (SIGUSR2, after an external logrotate). */
    public synchronized void reopen() throws IOException {
        closeFd();
        open();
    }

    /**
     * Deletes the file and opens a new, empty one, as supervisord's {@code clearProcessLogs} does. Like
     * supervisord, the rotated backups are left alone. A file that is never rotated (a FIFO,
     * {@code /dev/stdout}) is not deleted either, only reopened.
     */
    public synchronized void clear() throws IOException {
        closeFd();
        try {
            if (rotatable) {
                Files.deleteIfExists(path());
            }
        } finally {
            open();
        }
    }

    /** Deletes the file by name, leaving the open fd as is (for {@link MainLog#clear}). */
    synchronized void deleteByName() throws IOException {
        if (rotatable) {
            Files.deleteIfExists(path());
        }
    }

    public Path path() {
        return Path.of(name);
    }

    /** Total bytes written since creation, for metrics. Readable from any thread. */
    public long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public synchronized void close() throws IOException {
        closeFd();
    }

    private void open() throws IOException {
        Path path = path();
        int own = ownOutput(path);
        borrowed = own > 0;
        if (borrowed) {
            fd = own; // the supervisor's own fd 1 or 2; closeFd never closes it
            rotatable = false;
        } else {
            fd = AppendFile.open(name);
            rotatable = Files.isRegularFile(path) && !isDeviceAlias(path);
        }
        sizeEstimate = rotatable ? AppendFile.size(fd) : 0;
        writesSinceSizeCheck = 0;
        rotateAt = rotatable && timeRotation != TimeRotation.NEVER ? nextBoundary(
                sizeEstimate > 0 ? Files.getLastModifiedTime(path).toMillis() : System.currentTimeMillis())
                : Long.MAX_VALUE;
    }

    private void closeFd() throws IOException {
        int open = fd;
        fd = -1;
        if (!borrowed && open >= 0) AppendFile.close(open);
    }

    /** The first local hour or day boundary after {@code millis}. */
    private long nextBoundary(long millis) {
        ZonedDateTime t = java.time.Instant.ofEpochMilli(millis).atZone(zone);
        ZonedDateTime next = timeRotation == TimeRotation.HOURLY
                ? t.truncatedTo(ChronoUnit.HOURS).plusHours(1)
                : t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
        return next.toInstant().toEpochMilli();
    }

    /** 1 or 2 when {@code path} names the supervisor's own stdout or stderr, else 0. */
    static int ownOutput(Path path) {
        return switch (path.toAbsolutePath().normalize().toString()) {
            case "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1" -> 1;
            case "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2" -> 2;
            default -> 0;
        };
    }

    /**
     * {@code /dev/stdout} is a regular file when supervisord's stdout is redirected to one, and renaming it
     * would rename the system's {@code /dev/stdout} link: names under /dev and /proc are never rotated.
     */
    private static boolean isDeviceAlias(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith("/dev") || absolute.startsWith("/proc");
    }

    /** supervisord's doRollover; the base file is reopened even when a rename fails, so logging goes on. */
    private void rollOver() throws IOException {
        Path path = path();
        closeFd();
        try {
            if (compress) {
                Compressor.submit(this, aside());
            } else if (backups > 0) {
                for (int i = backups - 1; i > 0; i--) {
                    Path source = backup(i);
                    if (Files.exists(source)) {
                        replace(source, backup(i + 1));
                    }
                }
                replace(path, backup(1));
            } else {
                AppendFile.truncate(name); // the append fd is opened below
            }
        } finally {
            open();
        }
    }

    private Path backup(int index) {
        Path path = path();
        return path.resolveSibling(path.getFileName() + "." + index);
    }

    Path gzBackup(int index) {
        Path path = path();
        return path.resolveSibling(path.getFileName() + "." + index + ".gz");
    }

    /** Renames the file aside for the compressor: {@code x.log.rotated-<n>}, n unused. */
    private Path aside() throws IOException {
        Path path = path();
        for (long n = System.nanoTime(); ; n++) {
            Path target = path.resolveSibling(path.getFileName() + ".rotated-" + Long.toHexString(n));
            if (!Files.exists(target)) {
                Files.move(path, target);
                return target;
            }
        }
    }

    /**
     * Compressor thread, once {@code gzipped} holds the compressed content of the oldest file renamed aside: the
     * {@code .N.gz} shift up and it becomes {@code .1.gz}, under the lock so no rollover renames at the same time.
     */
    synchronized void installCompressed(Path gzipped) throws IOException {
        for (int i = backups - 1; i > 0; i--) {
            Path source = gzBackup(i);
            if (Files.exists(source)) replace(source, gzBackup(i + 1));
        }
        Files.move(gzipped, gzBackup(1), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Rename over an existing target; a source that vanished (a cleanup script) is not an error, as upstream. */
    private static void replace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException vanished) {
            // supervisord's removeAndRename tolerates ENOENT on the source
        }
    }
}
