package io.corridor.supervisor.ctl.command;

/** Supervisor's process state codes that the client reasons about (inventory §3.1). */
final class ProcessStates {
    static final int STOPPED = 0;
    static final int RUNNING = 20;
    static final int EXITED = 100;
    static final int FATAL = 200;
    static final int UNKNOWN = 1000;

    private ProcessStates() {}

    /** STOPPED_STATES: what {@code status} reports as "not running" (exit 3). */
    static boolean isStopped(int state) {
        return state == STOPPED || state == EXITED || state == FATAL || state == UNKNOWN;
    }
}
