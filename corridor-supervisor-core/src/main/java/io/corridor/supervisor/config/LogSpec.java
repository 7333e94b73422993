package io.corridor.supervisor.config;

/** One captured stream of a process: {@code stdout_*} or {@code stderr_*} keys. */
public record LogSpec(
        LogTarget target,
        long maxBytes,        // *_logfile_maxbytes, 0 = never rotate
        int backups,          // *_logfile_backups
        long captureMaxBytes, // *_capture_maxbytes (accepted; capture events are not emitted yet)
        boolean eventsEnabled,// *_events_enabled (accepted; no event listeners yet)
        boolean syslog) {     // *_syslog (accepted; no syslog sink yet)
}
