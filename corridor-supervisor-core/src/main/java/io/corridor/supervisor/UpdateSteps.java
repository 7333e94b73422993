package io.corridor.supervisor;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link Supervisor#update()}'s bookkeeping: one step's outcome, recorded whether it worked or not. */
final class UpdateSteps {
    private UpdateSteps() {}

    static CompletableFuture<Void> record(List<GroupUpdate> results, String group, String action,
                                          CompletableFuture<?> work) {
        return work.handle((v, e) -> {
            Throwable cause = Futures.cause(e);
            if (cause == null) {
                results.add(new GroupUpdate(group, action, Fault.SUCCESS, ""));
            } else if (cause instanceof SupervisorException se) {
                results.add(new GroupUpdate(group, action, se.fault(), se.getMessage()));
            } else {
                results.add(new GroupUpdate(group, action, Fault.FAILED, String.valueOf(cause)));
            }
            return null;
        });
    }
}
