package io.corridor.supervisor.engine;

import io.corridor.supervisor.ExitRecord;
import io.corridor.supervisor.config.ProcessSpec;

import java.nio.file.Path;

/**
 * What happens around one child's life besides the state machine: the cgroup it joins, the record of it for the
 * next start, and, once it is gone, its exit in the history and the stop of whatever it left behind.
 * {@link ProcessTracking} is the engine's; {@link #NONE} serves the state-machine tests. Owner thread only.
 */
interface ChildTracker {
    /** The {@code cgroup.procs} file the next spawn of {@code p} must join, or null for none. */
    Path cgroupFor(ManagedProcess p);

    /** {@code p} has a new child. */
    void spawned(ManagedProcess p, int pid);

    /** The spawn prepared by {@link #cgroupFor} did not happen. */
    void spawnFailed(ManagedProcess p);

    /** {@code p}'s child is gone; {@code record} says how. */
    void exited(ManagedProcess p, ExitRecord record);

    ChildTracker NONE = new ChildTracker() {
        @Override public Path cgroupFor(ManagedProcess p) { return null; }
        @Override public void spawned(ManagedProcess p, int pid) { }
        @Override public void spawnFailed(ManagedProcess p) { }
        @Override public void exited(ManagedProcess p, ExitRecord record) { }
    };
}
