package io.corridor.supervisor;

/**
 * A snapshot of one process, with exactly the fields of supervisord's {@code getProcessInfo}.
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
        long pid) {               // 0 when not running

    public String namespec() {
        return group.equals(name) ? name : group + ":" + name;
    }
}
