package io.corridor.supervisor.engine;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.Futures;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.embed.SupervisorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server listens before it starts the engine (it must refuse to run when it cannot listen), so a client can
 * ask in between: an asynchronous call made before {@link Supervisor#start()} waits for it and is answered after the
 * engine's start-up, instead of failing with "the engine is not running".
 */
class CallsBeforeStartTest {
    @TempDir Path dir;

    @Test
    void asynchronousCallsBeforeStartAreAnsweredOnceItHasStarted() throws Exception {
        Supervisor s = SupervisorBuilder.of(config(dir,
                program("sleeper", "sleep", "100000").startSecs(0).autostart(false).asGroup())).build();
        try {
            CompletableFuture<List<ProcessInfo>> early = s.processesAsync();
            CompletableFuture<?> start = s.startProcess("sleeper", true);
            CompletableFuture<List<ProcessInfo>> afterStart = s.processesAsync();
            assertThat(early).as("not answered before start()").isNotDone();
            assertThatThrownBy(s::processes).as("a blocking call would wait for a start() its caller may owe")
                    .isInstanceOf(SupervisorException.class).hasMessageStartingWith("SHUTDOWN_STATE");

            s.start();
            // run in the order they were made: the first sees the program not started, the last sees it RUNNING
            assertThat(early.get(30, TimeUnit.SECONDS)).extracting(ProcessInfo::name, ProcessInfo::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("sleeper", ProcessState.STOPPED));
            start.get(30, TimeUnit.SECONDS);
            assertThat(afterStart.get(30, TimeUnit.SECONDS)).extracting(ProcessInfo::state)
                    .containsExactly(ProcessState.RUNNING);
            assertThat(s.processesAsync().get(30, TimeUnit.SECONDS))
                    .extracting(ProcessInfo::state).containsExactly(ProcessState.RUNNING);
        } finally {
            s.shutdown();
            s.terminated().get(30, TimeUnit.SECONDS);
            s.close();
        }
    }

    @Test
    void callsWaitingForAStartThatNeverComesFailWhenItShutsDown() throws Exception {
        Supervisor s = SupervisorBuilder.of(config(dir, program("sleeper", "sleep", "100000").asGroup())).build();
        CompletableFuture<List<ProcessInfo>> early = s.processesAsync();
        s.shutdown();
        assertThat(early).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .satisfies(e -> assertThat(Futures.isFault(e, Fault.SHUTDOWN_STATE)).as(String.valueOf(e)).isTrue());
        s.close();
    }
}
