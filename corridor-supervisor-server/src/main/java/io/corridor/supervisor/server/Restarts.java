package io.corridor.supervisor.server;

import io.corridor.supervisor.ActionResult;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.Futures;
import io.corridor.supervisor.Supervisor;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * supervisorctl's {@code restart}, for the adapters that offer it in one request (the REST routes and the web
 * page's forms): the stop completes before the start is asked for, and a failure is the future's, unchanged, for
 * each adapter to report its own way. supervisord's XML-RPC has no restart of processes (supervisorctl stops and
 * starts itself), so /RPC2 has none either.
 */
public final class Restarts {
    private Restarts() {}

    /** Stops {@code namespec} and starts it; one that was not running (NOT_RUNNING from the stop) is only started. */
    public static CompletableFuture<Void> process(Supervisor s, String namespec, boolean wait) {
        return s.stopProcess(namespec, wait)
                .exceptionallyCompose(e -> Futures.isFault(e, Fault.NOT_RUNNING) ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(e))
                .thenCompose(v -> s.startProcess(namespec, wait));
    }

    /** {@code restart group:*}: stops what runs, then starts the whole group; answers the starts' results. */
    public static CompletableFuture<List<ActionResult>> group(Supervisor s, String group, boolean wait) {
        return s.stopGroup(group, wait).thenCompose(stopped -> s.startGroup(group, wait));
    }

    /** {@code restart all}: stops everything, then starts everything; answers the starts' results. */
    public static CompletableFuture<List<ActionResult>> all(Supervisor s, boolean wait) {
        return s.stopAll(wait).thenCompose(stopped -> s.startAll(wait));
    }
}
