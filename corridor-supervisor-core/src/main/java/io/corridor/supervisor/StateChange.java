package io.corridor.supervisor;

/** Published to subscribers after every process state transition (supervisord's PROCESS_STATE_* events). */
public record StateChange(String group, String name, ProcessState from, ProcessState to, long pid, long whenMillis,
                          int tries, int exitStatus, boolean expected) {
}
