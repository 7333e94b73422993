package io.corridor.supervisor.engine;

/**
 * Time as the state machine sees it: the wall clock for what it reports (start, stop, state-change times) and
 * deadlines (startsecs, backoff, stopwaitsecs). The owner loop in production; virtual time in the state-machine
 * tests, so a 10 s stopwaitsecs is tested in microseconds and exactly. Owner thread only.
 */
interface Clock {
    /** Epoch milliseconds. */
    long wallMillis();

    /** Runs {@code action} on the owner thread once {@code delayNanos} have passed, unless cancelled first. */
    Timer after(long delayNanos, Runnable action);

    /** A pending deadline. */
    interface Timer {
        void cancel();
    }
}
