package io.corridor.supervisor.config;

/** {@code *_logfile_rotate}: rotate a child log when the local hour or day changes, besides its size limit. */
public enum TimeRotation {
    NEVER, HOURLY, DAILY
}
