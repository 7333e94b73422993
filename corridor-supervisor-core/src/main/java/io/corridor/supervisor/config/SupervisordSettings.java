package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The {@code [supervisord]} section, defaults applied. */
public record SupervisordSettings(
        LogTarget logfile,           // File, NONE or SYSLOG
        long logfileMaxBytes,
        int logfileBackups,
        LogLevel logLevel,
        Path pidfile,
        int umask,
        boolean nodaemon,
        boolean silent,
        int minfds,
        int minprocs,
        boolean nocleanup,
        Path childlogdir,
        Optional<String> user,
        Optional<Path> directory,
        boolean stripAnsi,
        Map<String, String> environment,
        String identifier) {
}
