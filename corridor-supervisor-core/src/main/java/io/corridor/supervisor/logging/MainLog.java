package io.corridor.supervisor.logging;

import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogTarget;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The supervisor's own activity log, in supervisord's line format
 * ({@code 2026-11-26 10:48:26,123 INFO spawned: 'x' with pid 42}), with rotation. Thread-safe.
 * (TEMPORARY body by the engine helper; the logging helper's version replaces it at merge.)
 */
public final class MainLog implements Closeable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final String[] CODES = {"CRIT", "ERRO", "WARN", "INFO", "DEBG", "TRAC", "BLAT"};
    private final RotatingFile file;
    private final LogLevel level;
    private final PrintStream echo;

    /** @param echo where to copy every line (foreground and not silent), or null */
    public MainLog(LogTarget target, long maxBytes, int backups, LogLevel level, PrintStream echo) {
        this.level = level;
        this.echo = echo;
        try {
            this.file = target instanceof LogTarget.File f ? new RotatingFile(f.path(), maxBytes, backups) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isEnabled(LogLevel level) { return level.ordinal() <= this.level.ordinal(); }

    public synchronized void log(LogLevel level, String message) {
        if (!isEnabled(level)) return;
        String line = TIME.format(LocalDateTime.now()) + " " + CODES[level.ordinal()] + " " + message + "\n";
        if (echo != null) echo.print(line);
        if (file != null) {
            try {
                file.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException ignored) {
                // the activity log must never take the supervisor down
            }
        }
    }

    public void critical(String message) { log(LogLevel.CRITICAL, message); }
    public void error(String message) { log(LogLevel.ERROR, message); }
    public void warn(String message) { log(LogLevel.WARN, message); }
    public void info(String message) { log(LogLevel.INFO, message); }
    public void debug(String message) { log(LogLevel.DEBUG, message); }

    /** @return the log file, or null when logging to nothing */
    public Path file() { return file == null ? null : file.path(); }

    public synchronized void reopen() {
        try {
            if (file != null) file.reopen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void clear() {
        try {
            if (file != null) file.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (file != null) file.close();
        } catch (IOException ignored) {
            // closing at shutdown
        }
    }
}
