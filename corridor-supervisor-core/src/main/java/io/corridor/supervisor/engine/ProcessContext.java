package io.corridor.supervisor.engine;

import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.logging.MainLog;

import java.nio.file.Path;

/** What a {@link ManagedProcess} needs from the engine around it. Owner thread only. */
interface ProcessContext {
    MainLog log();

    /** Time and deadlines. */
    Clock clock();

    /** spawn, kill, waitpid. */
    ProcessOs os();

    /** Starts watching a freshly spawned child: its pipes into its logs, its exit back to {@link ManagedProcess#exited}. */
    void watch(ChildHandle child, ChannelLog stdout, ChannelLog stderr);

    LaunchPlanner planner();

    /** {@code [supervisord] strip_ansi}. */
    boolean stripAnsi();

    /** False while shutting down or restarting: nothing is spawned then, not even by autorestart. */
    boolean spawningAllowed();

    /** The file for an AUTO log of {@code name}'s {@code channel}, created now (supervisord's mkstemp). */
    Path autoLogFile(String name, String channel);

    void stateChanged(ManagedProcess process, StateChange change);

    /** True for a process of an {@code [eventlistener:x]} pool (its stdout is the protocol channel). */
    default boolean isEventListener(io.corridor.supervisor.config.ProcessSpec spec) { return false; }

    /** Containment, the instance record and the exit history; none by default (the state-machine tests). */
    default ChildTracker tracker() {
        return ChildTracker.NONE;
    }
}
