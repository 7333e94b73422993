package io.corridor.supervisor.config;

/** One captured stream of a process: {@code stdout_*} or {@code stderr_*} keys. */
public record LogSpec(
        LogTarget target,
        long maxBytes,        // *_logfile_maxbytes, 0 = never rotate
        int backups,          // *_logfile_backups
        long captureMaxBytes, // *_capture_maxbytes: capture mode, raises PROCESS_COMMUNICATION (0 = off)
        boolean eventsEnabled,// *_events_enabled: raises PROCESS_LOG for every read of the stream
        boolean syslog,       // *_syslog: each line also to the local syslog
        LogOptions options) { // corridor's format and time rotation keys

    /** supervisord's keys only: plain bytes, size rotation. */
    public LogSpec(LogTarget target, long maxBytes, int backups, long captureMaxBytes, boolean eventsEnabled,
                   boolean syslog) {
        this(target, maxBytes, backups, captureMaxBytes, eventsEnabled, syslog, LogOptions.PLAIN);
    }
}
