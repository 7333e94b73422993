package io.corridor.supervisor;

import java.util.Locale;

/** Why a process ended, as {@code corridorctl history} and the {@code exits_total} metric name it. */
public enum ExitReason {
    /** Exited with one of its {@code exitcodes}. */
    EXITED,
    /** Exited with a code that is not in {@code exitcodes}. */
    FAILED,
    /** Died within {@code startsecs} (supervisord's "Exited too quickly"). */
    START_FAILED,
    /** Killed by a signal nobody here sent. */
    SIGNALLED,
    /** Killed by the kernel's OOM killer (known from its cgroup's {@code memory.events}). */
    OOM_KILLED,
    /** Stopped because its tree used more than {@code max_memory}. */
    MAX_MEMORY,
    /** Stopped because a health check failed. */
    HEALTH_CHECK,
    /** Stopped on request and gone after the stop signal. */
    STOPPED,
    /** Stopped on request but needed SIGKILL after {@code stopwaitsecs}. */
    STOP_TIMEOUT;

    /** {@code oom_killed}: the metric label and the JSON value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
