package io.corridor.supervisor.engine;

import io.corridor.supervisor.os.SpawnedChild;

/**
 * One spawn of one process: its identity tells a late exit notice for an earlier spawn from one for the current
 * spawn. {@code child} fds: the owner keeps stdin; stdout/stderr/pidfd belong to the I/O thread.
 */
record ChildHandle(ManagedProcess process, SpawnedChild child) {
    int pid() { return child.pid(); }

    @Override
    public boolean equals(Object o) { return this == o; }

    @Override
    public int hashCode() { return System.identityHashCode(this); }
}
