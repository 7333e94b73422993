package io.corridor.supervisor.config;

/** {@code log_format}: how a child's output lines are written to its log. */
public enum LogFormat {
    /** The bytes as the child wrote them (supervisord's only format). */
    PLAIN,
    /** Each line prefixed with the time its first bytes were read ({@code log_timestamp_format}) and a space. */
    TIMESTAMP,
    /** One JSON object per line: time, program, process, stream, pid, message. */
    JSON
}
