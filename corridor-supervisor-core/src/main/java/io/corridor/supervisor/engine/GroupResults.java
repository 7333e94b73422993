package io.corridor.supervisor.engine;

import io.corridor.supervisor.ActionResult;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The results of a group operation (start/stop/signal of {@code g:*} or all) in the order supervisord's
 * {@code make_allfunc} lists them, which supervisorctl prints as they come: first every operation that finished at
 * once, in process order; then the waiting ones as they finish, those finishing within one poll interval (50 ms, the
 * deferred callback's {@code delay}) in process order. So a start that fails after {@code startsecs} is listed after
 * the processes that started, and a stop that needed SIGKILL after the ones that stopped on SIGTERM. Unlike
 * supervisord, the answer goes out as soon as the last operation finishes, not at the next poll.
 * Owner thread only: the operations' futures complete there.
 */
final class GroupResults {
    private static final long POLL_INTERVAL_NANOS = 50_000_000L;

    private final OwnerLoop owner;
    private final List<ActionResult> listed = new ArrayList<>();
    /** Finished since the last poll, by position in process order. */
    private final TreeMap<Integer, ActionResult> finished = new TreeMap<>();
    private final CompletableFuture<List<ActionResult>> all = new CompletableFuture<>();
    private int outstanding;
    private boolean sealed;
    private boolean pollScheduled;

    GroupResults(OwnerLoop owner) {
        this.owner = owner;
    }

    /** Adds the operation at {@code position} (its index in process order). */
    void add(int position, CompletableFuture<ActionResult> result) {
        outstanding++;
        result.whenComplete((r, e) -> {
            outstanding--;
            finished.put(position, r);
            if (sealed && outstanding == 0) {
                // The last one: a poll now lists the same batch, in the same order, as one at the end of this
                // interval would; the caller need not wait for the interval (a stop of all took 50 ms longer).
                poll();
            } else if (sealed && !pollScheduled) {
                pollScheduled = true;
                owner.schedule(POLL_INTERVAL_NANOS, this::poll);
            }
        });
    }

    /** No more operations: lists those already finished and completes when the rest have. */
    CompletableFuture<List<ActionResult>> seal() {
        sealed = true;
        poll();
        return all;
    }

    private void poll() {
        pollScheduled = false;
        listed.addAll(finished.values());
        finished.clear();
        if (outstanding == 0) all.complete(List.copyOf(listed));
    }
}
