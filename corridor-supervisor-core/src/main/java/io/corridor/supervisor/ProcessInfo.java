package io.corridor.supervisor;

/**
 * A snapshot of one process: the fields of supervisord's {@code getProcessInfo}, plus Corridor's {@code health}.
 * Times are epoch seconds (0 = never); {@code description} is what {@code status} prints after the state.
 */
public record ProcessInfo(
        String name,
        String group,
        String description,
        long start,
        long stop,
        long now,
        ProcessState state,
        String spawnErr,          // "" when none
        int exitStatus,
        String stdoutLogfile,     // "" when none
        String stderrLogfile,
        long pid,                 // 0 when not running
        String health) {          // health_check verdict: "" (no check), unknown, healthy, unhealthy

    /** Without a health check. */
    public ProcessInfo(String name, String group, String description, long start, long stop, long now,
                       ProcessState state, String spawnErr, int exitStatus, String stdoutLogfile, String stderrLogfile,
                       long pid) {
        this(name, group, description, start, stop, now, state, spawnErr, exitStatus, stdoutLogfile, stderrLogfile,
                pid, "");
    }

    public String namespec() {
        return group.equals(name) ? name : group + ":" + name;
    }
}
