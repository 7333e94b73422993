package io.corridor.supervisor.logging;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogTarget;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The supervisor's own activity log, in supervisord's line format
 * ({@code 2026-11-26 10:48:26,123 INFO spawned: 'x' with pid 42}: local time, milliseconds truncated, the
 * four-letter level, the message as is, even when it spans lines), with rotation. Thread-safe: the engine
 * thread and server threads log concurrently; one lock keeps each line whole and in timestamp order, in the
 * file and in the echo.
 */
public final class MainLog implements Closeable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private final RotatingFile file;
    private final Syslog syslog;   // logfile=syslog, else null
    private final LogLevel level;
    private final PrintStream echo;
    private final InstantSource clock;
    private final ZoneId zone;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean writeFailureReported;

    /**
     * @param target {@link LogTarget.File}, {@link LogTarget#NONE} (no file; the echo still works) or
     *               {@link LogTarget#SYSLOG} (each line to the local syslog, as supervisord's {@code logfile=syslog})
     * @param echo   where to copy every line (foreground and not silent), or null
     * @throws UncheckedIOException if the file cannot be opened
     */
    public MainLog(LogTarget target, long maxBytes, int backups, LogLevel level, PrintStream echo) {
        this(target, maxBytes, backups, level, echo, InstantSource.system(), ZoneId.systemDefault());
    }

    MainLog(LogTarget target, long maxBytes, int backups, LogLevel level, PrintStream echo,
            InstantSource clock, ZoneId zone) {
        this.level = level;
        this.echo = echo;
        this.clock = clock;
        this.zone = zone;
        this.file = switch (target) {
            case LogTarget.File(Path path) -> open(path, maxBytes, backups);
            case LogTarget.None none -> null;
            case LogTarget.Syslog s -> null;
            case LogTarget.Auto auto -> throw new IllegalArgumentException("the main log cannot be AUTO");
        };
        this.syslog = target instanceof LogTarget.Syslog ? Syslog.local() : null;
    }

    public boolean isEnabled(LogLevel level) {
        return level.compareTo(this.level) <= 0;
    }

    /**
     * Writes one line if {@code level} is enabled. A failing write never reaches the caller: the first failure
     * is reported on stderr (as supervisord prints a traceback) and later lines are still attempted.
     */
    public void log(LogLevel level, String message) {
        if (!isEnabled(level)) {
            return;
        }
        lock.lock();
        try {
            byte[] line = format(level, message).getBytes(StandardCharsets.UTF_8);
            if (file != null) {
                try {
                    file.write(ByteBuffer.wrap(line));
                } catch (IOException e) {
                    reportWriteFailure(e);
                }
            }
            if (echo != null) {
                echo.write(line, 0, line.length);
                echo.flush();
            }
            // supervisord's SyslogHandler with the main log's format: "date LEVEL message", line by line
            if (syslog != null) {
                for (String l : message.replaceAll("\n+$", "").split("\n", -1)) syslog.send(format(level, l));
            }
        } finally {
            lock.unlock();
        }
    }

    public void critical(String message) { log(LogLevel.CRITICAL, message); }
    public void error(String message) { log(LogLevel.ERROR, message); }
    public void warn(String message) { log(LogLevel.WARN, message); }
    public void info(String message) { log(LogLevel.INFO, message); }
    public void debug(String message) { log(LogLevel.DEBUG, message); }
    public void trace(String message) { log(LogLevel.TRACE, message); }
    public void blather(String message) { log(LogLevel.BLATHER, message); }

    /** @return the log file, or null when logging to nothing */
    public Path file() {
        return file == null ? null : file.path();
    }

    /** Rolls the file over now ({@code corridorctl logrotate}). @return whether it did (false: no file, or empty) */
    public boolean rotateNow() throws IOException {
        return file != null && file.rotateNow();
    }

    /** Closes and reopens the file by name (SIGUSR2). No-op without a file. */
    public void reopen() {
        if (file == null) {
            return;
        }
        try {
            file.reopen();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen " + file.path(), e);
        }
    }

    /**
     * supervisord's {@code clearLog}: deletes the file and opens a new one, logging {@code reopening log file}
     * in between (so, like upstream, that line reaches only the echo). Backups are kept.
     *
     * @throws SupervisorException NO_FILE without a file or when it does not exist, FAILED when it cannot be
     *                             deleted or reopened
     */
    public void clear() {
        if (file == null || !Files.exists(file.path())) {
            throw new SupervisorException(Fault.NO_FILE);
        }
        lock.lock();
        try {
            file.deleteByName();
            info("reopening log file");
            file.reopen();
        } catch (IOException e) {
            throw new SupervisorException(Fault.FAILED, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String format(LogLevel level, String message) {
        return STAMP.format(clock.instant().atZone(zone)) + ' ' + code(level) + ' ' + message + '\n';
    }

    /** supervisord's {@code LevelsByName}. */
    static String code(LogLevel level) {
        return switch (level) {
            case CRITICAL -> "CRIT";
            case ERROR -> "ERRO";
            case WARN -> "WARN";
            case INFO -> "INFO";
            case DEBUG -> "DEBG";
            case TRACE -> "TRAC";
            case BLATHER -> "BLAT";
        };
    }

    private void reportWriteFailure(IOException e) {
        if (!writeFailureReported) {
            writeFailureReported = true;
            System.err.println("corridor-supervisor: cannot write the main log " + file.path() + ": " + e);
        }
    }

    private static RotatingFile open(Path path, long maxBytes, int backups) {
        try {
            return new RotatingFile(path, maxBytes, backups);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the main log " + path, e);
        }
    }
}
