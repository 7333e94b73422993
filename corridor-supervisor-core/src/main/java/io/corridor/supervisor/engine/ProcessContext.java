package io.corridor.supervisor.engine;

import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.logging.MainLog;

import io.corridor.supervisor.config.ProcessSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

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

    /** Runs {@code tcp:}/{@code http://}/{@code exec:} checks. */
    Prober prober();

    /** Reads {@code fd} (readiness pipe, notify socket) on the I/O thread; data reaches {@code onData} here. */
    void watchInput(int fd, Consumer<byte[]> onData);

    /** Stops watching {@code fd} and closes it. */
    void closeInput(int fd);

    /** A fresh path for one spawn's {@code NOTIFY_SOCKET}, in a directory only the supervisor's user can write. */
    Path notifySocketPath(ProcessSpec spec);

    /** What {@code spec}'s {@code depends_on} still waits for (namespecs not RUNNING); empty when it may spawn. */
    List<String> unmetDependencies(ProcessSpec spec);
}
