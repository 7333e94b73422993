package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.embed.SupervisorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a subscriber can count on at the end: the last changes of a shutdown are delivered, not dropped, and by the
 * time close() returns; and close() ends the notification thread whether or not the engine ever ran.
 */
class SubscribersTest {
    @TempDir Path dir;

    @Test
    void theLastChangesOfAShutdownHaveReachedASubscriberWhenCloseReturns() {
        List<StateChange> seen = new CopyOnWriteArrayList<>();
        Supervisor s = SupervisorBuilder.of(config(dir, program("sleeper", "sleep", "100000").startSecs(0).asGroup()))
                .build();
        s.subscribe(seen::add);
        s.start();
        EngineFixture.await("sleeper RUNNING", () -> s.process("sleeper").state() == ProcessState.RUNNING,
                Duration.ofSeconds(20));
        s.close();   // the ordered stop: SIGTERM, then STOPPED
        // no waiting here: close() has waited for the delivery
        assertThat(seen).extracting(StateChange::to).endsWith(ProcessState.STOPPING, ProcessState.STOPPED);
    }

    @Test
    void closingAnEngineThatNeverRanEndsItsNotificationThread() {
        long before = notificationThreads();
        Supervisor s = SupervisorBuilder.of(config(dir, program("sleeper", "sleep", "100000").asGroup())).build();
        s.subscribe(c -> { });
        assertThat(notificationThreads()).isEqualTo(before + 1);
        s.close();
        // ended and joined by close(), not left running past close()'s bound on the wait for it
        assertThat(notificationThreads()).isEqualTo(before);
    }

    private static long notificationThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("corridor-notify") && t.isAlive()).count();
    }
}
