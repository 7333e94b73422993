package io.corridor.supervisor.engine;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.Futures;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.embed.SupervisorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A call that reaches the engine's queue after the engine has stopped would wait for a thread that no longer
 * runs: it must fail with SHUTDOWN_STATE instead, whether it was queued just before the loop ended or after.
 */
class CallsAfterShutdownTest {
    @TempDir Path dir;

    @Test
    void callsAfterTerminationFailAtOnceWithShutdownState() throws Exception {
        Supervisor s = SupervisorBuilder.of(config(dir, program("sleeper", "sleep", "100000").startSecs(0).asGroup())).build();
        s.start();
        s.shutdown();
        s.terminated().get(30, TimeUnit.SECONDS);

        List<CompletableFuture<?>> calls = List.of(s.startProcess("sleeper", true), s.stopGroup("sleeper", true),
                s.signalAll("HUP"), s.addGroup("sleeper"), s.removeGroup("sleeper"), s.processesAsync(),
                s.sendProcessStdinAsync("sleeper", "x"), s.processLogFileAsync("sleeper", io.corridor.supervisor.LogChannel.STDOUT));
        for (CompletableFuture<?> call : calls) {
            assertThat(call).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                    .satisfies(e -> assertThat(Futures.isFault(e, Fault.SHUTDOWN_STATE)).as(String.valueOf(e)).isTrue());
        }
        assertThatThrownBy(s::processes).isInstanceOf(SupervisorException.class).hasMessageStartingWith("SHUTDOWN_STATE");
        s.close();
    }

    @Test
    void callsRacingTheEndOfTheLoopAllComplete() throws Exception {
        Supervisor s = SupervisorBuilder.of(config(dir, program("sleeper", "sleep", "100000").startSecs(0).asGroup())).build();
        s.start();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread caller = Thread.ofPlatform().start(() -> {
            // Ends by itself a few rounds after the loop has ended: calls then fail at once, so a caller left to
            // run until the test thread wakes up (late, on a loaded machine) would spin a core and pile up failed
            // futures for as long as that takes.
            int roundsAfterEnd = 0;
            while (!stop.get() && roundsAfterEnd < ROUNDS_AFTER_END) {
                if (s.terminated().isDone()) roundsAfterEnd++;
                calls.add(s.startProcess("sleeper", false));
                calls.add(s.stopProcess("sleeper", true));
                // At most ~20 calls in flight: an unbounded flood queues the shutdown behind thousands of spawns
                // (on a slow machine it outlived every deadline). A call never answered ends the caller; the
                // check below then fails on it.
                if (calls.size() > IN_FLIGHT) {
                    try {
                        calls.get(calls.size() - IN_FLIGHT).handle((v, e) -> null).get(30, TimeUnit.SECONDS);
                    } catch (Exception unanswered) {
                        return;
                    }
                }
            }
        });
        try {
            s.shutdown();
            s.terminated().get(30, TimeUnit.SECONDS);
            caller.join(30_000);   // it posts a few more behind the ended loop, then ends
            assertThat(caller.isAlive()).as("the caller ended after its rounds behind the ended loop").isFalse();
        } finally {
            stop.set(true);     // never leave the caller spinning, even when the shutdown failed
            caller.join();
        }
        assertThat(calls).isNotEmpty();
        // each one is answered (done, refused, or failed with the state it met), none is left waiting
        CompletableFuture.allOf(calls.stream().map(c -> c.handle((v, e) -> null)).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        assertThat(calls.getLast()).failsWithin(1, TimeUnit.SECONDS);
        s.close();
    }

    private static final int IN_FLIGHT = 20;
    private static final int ROUNDS_AFTER_END = 10;
}
