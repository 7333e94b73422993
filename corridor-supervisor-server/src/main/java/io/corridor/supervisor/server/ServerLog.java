package io.corridor.supervisor.server;

import io.corridor.supervisor.config.LogLevel;

/**
 * Where the control plane reports what it refused or noticed: in the product, the supervisor's main log
 * ({@code mainLog::log}), shared with the engine; in tests, a lambda that collects lines.
 */
@FunctionalInterface
public interface ServerLog {
    void log(LogLevel level, String message);

    default void warn(String message) { log(LogLevel.WARN, message); }
    default void info(String message) { log(LogLevel.INFO, message); }
    default void error(String message) { log(LogLevel.ERROR, message); }
    default void critical(String message) { log(LogLevel.CRITICAL, message); }
}
