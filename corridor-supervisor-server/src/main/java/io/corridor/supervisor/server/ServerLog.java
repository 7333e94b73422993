package io.corridor.supervisor.server;

import io.corridor.supervisor.config.LogLevel;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where the control plane reports what it refused or noticed: in the product, the supervisor's main log
 * ({@code mainLog::log}), shared with the engine; in tests, a stream.
 */
@FunctionalInterface
public interface ServerLog {
    void log(LogLevel level, String message);

    default void warn(String message) { log(LogLevel.WARN, message); }
    default void info(String message) { log(LogLevel.INFO, message); }
    default void error(String message) { log(LogLevel.ERROR, message); }
    default void critical(String message) { log(LogLevel.CRITICAL, message); }

    /** supervisord's line format ({@code 2026-11-26 09:24:20,632 WARN text}) on a stream. */
    static ServerLog printingTo(PrintStream out, LogLevel threshold) {
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        return (level, message) -> {
            if (level.ordinal() > threshold.ordinal()) return;
            String code = switch (level) {
                case CRITICAL -> "CRIT";
                case ERROR -> "ERRO";
                case WARN -> "WARN";
                case INFO -> "INFO";
                case DEBUG -> "DEBG";
                case TRACE -> "TRAC";
                case BLATHER -> "BLAT";
            };
            synchronized (out) {
                out.println(LocalDateTime.now().format(fmt) + " " + code + " " + message);
            }
        };
    }
}
