package io.corridor.supervisor.engine;

import io.corridor.supervisor.ActionResult;
import io.corridor.supervisor.Fault;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listing order of group results, driven by hand: the owner loop is never started, so a poll scheduled for the
 * end of the interval never runs and only what {@link GroupResults} does at once is seen.
 */
class GroupResultsTest {
    private final OwnerLoop owner = new OwnerLoop("test-owner", t -> { throw new AssertionError(t); }, c -> { });

    private static ActionResult ok(String name) {
        return new ActionResult(name, name, Fault.SUCCESS, "OK");
    }

    @Test
    void answersWhenTheLastOperationFinishesInProcessOrderWithoutWaitingForThePoll() {
        GroupResults results = new GroupResults(owner);
        CompletableFuture<ActionResult> a = new CompletableFuture<>(), b = new CompletableFuture<>();
        results.add(0, a);
        results.add(1, b);
        CompletableFuture<List<ActionResult>> all = results.seal();
        assertThat(all).isNotDone();

        b.complete(ok("b"));
        assertThat(all).as("one still outstanding").isNotDone();
        a.complete(ok("a"));
        assertThat(all).isCompletedWithValue(List.of(ok("a"), ok("b")));
    }

    @Test
    void listsWhatFinishedAtOnceBeforeWhatFinishedLater() {
        GroupResults results = new GroupResults(owner);
        CompletableFuture<ActionResult> slow = new CompletableFuture<>();
        results.add(0, slow);
        results.add(1, CompletableFuture.completedFuture(ok("quick")));
        CompletableFuture<List<ActionResult>> all = results.seal();

        slow.complete(ok("slow"));
        assertThat(all).isCompletedWithValue(List.of(ok("quick"), ok("slow")));
    }
}
