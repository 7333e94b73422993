package io.corridor.supervisor.config;

import java.nio.file.Path;

/** Where a child's stream (or the supervisor's own log) goes: {@code AUTO}, {@code NONE}/{@code OFF}, or a file. */
public sealed interface LogTarget {
    /** A file named by the supervisor in {@code childlogdir}, created at first spawn. */
    record Auto() implements LogTarget {}
    /** Output is read from the pipe and dropped. */
    record None() implements LogTarget {}
    record File(Path path) implements LogTarget {}
    /** {@code [supervisord] logfile=syslog}: the supervisor's own log goes to the local syslog. */
    record Syslog() implements LogTarget {}

    LogTarget AUTO = new Auto();
    LogTarget NONE = new None();
    LogTarget SYSLOG = new Syslog();
}
