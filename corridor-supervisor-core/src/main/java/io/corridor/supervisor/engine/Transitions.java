package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;

import java.util.EnumMap;
import java.util.Map;

import static io.corridor.supervisor.ProcessState.BACKOFF;
import static io.corridor.supervisor.ProcessState.EXITED;
import static io.corridor.supervisor.ProcessState.FATAL;
import static io.corridor.supervisor.ProcessState.RUNNING;
import static io.corridor.supervisor.ProcessState.STARTING;
import static io.corridor.supervisor.ProcessState.STOPPED;
import static io.corridor.supervisor.ProcessState.STOPPING;
import static io.corridor.supervisor.ProcessState.UNKNOWN;

/**
 * supervisord's process state machine (process.py {@code Subprocess}) as one table: for every state, what every
 * event does. {@link ManagedProcess} only feeds events in ({@link ManagedProcess#fire}) and implements the actions;
 * which action runs, and so every transition, is decided here and nowhere else. The one transition outside the
 * table: a {@code kill()} the kernel refuses puts the process in UNKNOWN from whatever state it was in.
 */
final class Transitions {
    private Transitions() {}

    /** What can happen to a process. */
    enum Event {
        /** start, autostart, or a dependency becoming ready. */
        START,
        /** the readiness check passed (startsecs readiness comes as TIMER instead). */
        READY,
        /** the current child was reaped; its status is {@link ManagedProcess}'s last exit. */
        EXIT,
        /** the process's one deadline fell due; what it means depends on the state (see the table). */
        TIMER,
        /** stop, or the ordered stop of a shutdown. */
        STOP,
        /** a shutdown met the process in BACKOFF. */
        GIVE_UP,
        /** a process this one {@code depends_on} became RUNNING. */
        DEPENDENCY_READY
    }

    /** @return an error message for the caller, or null */
    @FunctionalInterface
    interface Action {
        String run(ManagedProcess p);
    }

    private static final Action IGNORE = p -> null;

    private static final Map<ProcessState, Action[]> TABLE = new EnumMap<>(ProcessState.class);

    static {
        //        state     START                         READY                       EXIT
        //                  TIMER                         STOP                        GIVE_UP
        //                  DEPENDENCY_READY
        row(STOPPED,  ManagedProcess::spawn,          IGNORE,                     IGNORE,
                      IGNORE,                         ManagedProcess::notRunning, IGNORE,
                      IGNORE);
        row(STARTING, ManagedProcess::alreadyRunning, ManagedProcess::ready,      ManagedProcess::failedStart,
                      ManagedProcess::startTimer,     ManagedProcess::terminate,  IGNORE,
                      ManagedProcess::dependencyReady);
        row(RUNNING,  ManagedProcess::alreadyRunning, IGNORE,                     ManagedProcess::exitedRunning,
                      IGNORE,                         ManagedProcess::terminate,  IGNORE,
                      IGNORE);
        row(BACKOFF,  ManagedProcess::spawn,          IGNORE,                     IGNORE,
                      ManagedProcess::retry,          ManagedProcess::abandon,    ManagedProcess::enterFatal,
                      IGNORE);
        row(STOPPING, ManagedProcess::alreadyRunning, IGNORE,                     ManagedProcess::stopped,
                      ManagedProcess::forceKill,      IGNORE,                     IGNORE,
                      IGNORE);
        row(EXITED,   ManagedProcess::spawn,          IGNORE,                     IGNORE,
                      ManagedProcess::restartDue,     ManagedProcess::notRunning, IGNORE,
                      IGNORE);
        row(FATAL,    ManagedProcess::spawn,          IGNORE,                     IGNORE,
                      ManagedProcess::retryFatal,     ManagedProcess::stopFatal,  IGNORE,
                      IGNORE);
        row(UNKNOWN,  ManagedProcess::alreadyRunning, IGNORE,                     ManagedProcess::exitedRunning,
                      IGNORE,                         ManagedProcess::terminate,  IGNORE,
                      IGNORE);
        // What the actions do, in supervisord's terms:
        //   spawn          → STARTING; → RUNNING at once with startsecs=0; → BACKOFF when the spawn fails;
        //                  STARTING without a child while a depends_on is not RUNNING yet
        //   startTimer     startsecs elapsed: → RUNNING, or a failed start if the child died just before;
        //                  with another ready_check, ready_timeout elapsed: SIGKILL, and its exit is a failed start
        //   ready          the ready_check passed (READY=1, a newline on fd N, a probe) → RUNNING
        //   dependencyReady spawn now if every depends_on is RUNNING
        //   failedStart    → BACKOFF, retried after 1 s, 2 s, 3 s…; → FATAL after startretries
        //   exitedRunning  → EXITED, then autorestart (at once, or 1 s after the previous spawn)
        //   terminate      stopsignal (to the group with stopasgroup) → STOPPING; SIGKILL after stopwaitsecs
        //   forceKill      SIGKILL (to the group with killasgroup), again every stopwaitsecs
        //   stopped        → STOPPED
        //   retry          the backoff wait is over: spawn again (waits: backoff, backoff_max)
        //   retryFatal     fatal_retry_after is over: spawn again
        //   restartDue     the autorestart wait is over: spawn again
        //   abandon        stop in BACKOFF → STOPPED; enterFatal: → FATAL (then on_fatal, fatal_retry_after)
        //   stopFatal      a stop in FATAL cancels a pending fatal_retry_after restart, then answers notRunning
        //   notRunning     "… but it wasn't running"; alreadyRunning: "process '…' already running"
        for (ProcessState s : ProcessState.values()) {
            if (!TABLE.containsKey(s)) throw new AssertionError("no transitions for " + s);
        }
    }

    private static void row(ProcessState state, Action start, Action ready, Action exit, Action timer, Action stop,
                            Action giveUp, Action dependencyReady) {
        Action[] row = new Action[Event.values().length];
        row[Event.START.ordinal()] = start;
        row[Event.READY.ordinal()] = ready;
        row[Event.EXIT.ordinal()] = exit;
        row[Event.TIMER.ordinal()] = timer;
        row[Event.STOP.ordinal()] = stop;
        row[Event.GIVE_UP.ordinal()] = giveUp;
        row[Event.DEPENDENCY_READY.ordinal()] = dependencyReady;
        TABLE.put(state, row);
    }

    static Action action(ProcessState state, Event event) {
        return TABLE.get(state)[event.ordinal()];
    }
}
