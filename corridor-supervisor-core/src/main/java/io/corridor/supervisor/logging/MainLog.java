package io.corridor.supervisor.logging;

import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogTarget;

import java.io.Closeable;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The supervisor's own activity log, in supervisord's line format
 * ({@code 2026-11-26 10:48:26,123 INFO spawned: 'x' with pid 42}), with rotation. Thread-safe.
 * (Stub until the logging package lands.)
 */
public final class MainLog implements Closeable {
    /** @param echo where to copy every line (foreground and not silent), or null */
    public MainLog(LogTarget target, long maxBytes, int backups, LogLevel level, PrintStream echo) {
        throw new UnsupportedOperationException();
    }

    public boolean isEnabled(LogLevel level) { throw new UnsupportedOperationException(); }

    public void log(LogLevel level, String message) { throw new UnsupportedOperationException(); }

    public void critical(String message) { log(LogLevel.CRITICAL, message); }
    public void error(String message) { log(LogLevel.ERROR, message); }
    public void warn(String message) { log(LogLevel.WARN, message); }
    public void info(String message) { log(LogLevel.INFO, message); }
    public void debug(String message) { log(LogLevel.DEBUG, message); }

    /** @return the log file, or null when logging to nothing */
    public Path file() { throw new UnsupportedOperationException(); }

    public void reopen() { throw new UnsupportedOperationException(); }

    public void clear() { throw new UnsupportedOperationException(); }

    @Override
    public void close() { throw new UnsupportedOperationException(); }
}
