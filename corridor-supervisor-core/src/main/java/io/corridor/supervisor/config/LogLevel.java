package io.corridor.supervisor.config;

/** supervisord's log levels, most severe first; {@code warn} is spelled WARN in log lines. */
public enum LogLevel { CRITICAL, ERROR, WARN, INFO, DEBUG, TRACE, BLATHER }
