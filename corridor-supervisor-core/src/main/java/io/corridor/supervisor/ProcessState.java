package io.corridor.supervisor;

/** supervisord's process states, with the codes XML-RPC reports. */
public enum ProcessState {
    STOPPED(0), STARTING(10), RUNNING(20), BACKOFF(30), STOPPING(40), EXITED(100), FATAL(200), UNKNOWN(1000);

    private final int code;

    ProcessState(int code) { this.code = code; }

    public int code() { return code; }

    /** STOPPED, EXITED, FATAL, UNKNOWN: what {@code status} exits 3 for and {@code removeProcessGroup} accepts. */
    public boolean isStopped() {
        return this == STOPPED || this == EXITED || this == FATAL || this == UNKNOWN;
    }

    /** RUNNING, BACKOFF, STARTING: what {@code start} refuses as ALREADY_STARTED and {@code stop} acts on. */
    public boolean isRunning() {
        return this == RUNNING || this == BACKOFF || this == STARTING;
    }

    /** RUNNING, STARTING, STOPPING: what {@code signal} acts on. */
    public boolean isSignallable() {
        return this == RUNNING || this == STARTING || this == STOPPING;
    }
}
