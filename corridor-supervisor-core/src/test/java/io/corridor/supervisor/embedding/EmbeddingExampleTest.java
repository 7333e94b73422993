package io.corridor.supervisor.embedding;

import io.corridor.supervisor.embed.SupervisorBuilder;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.ConfigLoader;
import io.corridor.supervisor.config.SupervisorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding example of docs/architecture.md, as written there: the public API only, no Netty. */
class EmbeddingExampleTest {
    @TempDir Path dir;

    @Test
    void theDocumentedExampleRunsAndLeavesNothingBehind() throws Exception {
        Path file = Files.writeString(dir.resolve("supervisord.conf"), """
                [supervisord]
                logfile=%(here)s/supervisord.log
                childlogdir=%(here)s
                [program:worker]
                command=sleep 100000
                process_name=%(program_name)s_%(process_num)d
                numprocs=2
                startsecs=0
                autostart=false
                """);
        List<StateChange> seen = new CopyOnWriteArrayList<>();
        List<Long> pids;

        // --- as in docs/architecture.md
        SupervisorConfig config = ConfigLoader.load(file);
        try (Supervisor supervisor = SupervisorBuilder.of(config).listener(seen::add).build()) {
            supervisor.start();                                     // autostart programs start in priority order
            supervisor.startProcess("worker:*", true).get(30, TimeUnit.SECONDS);   // waits until RUNNING
            supervisor.processes().forEach(p -> System.out.println(p.namespec() + " " + p.state() + " " + p.pid()));
            // ---
            assertThat(supervisor.processes()).extracting(p -> p.state()).containsOnly(ProcessState.RUNNING);
            pids = supervisor.processes().stream().map(p -> p.pid()).toList();
            assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isPresent());
        } // close(): stops every process, then the engine
        assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(seen).anyMatch(c -> c.to() == ProcessState.RUNNING && c.name().equals("worker_0"));
    }
}
