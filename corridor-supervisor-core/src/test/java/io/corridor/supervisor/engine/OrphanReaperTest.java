package io.corridor.supervisor.engine;

import io.corridor.supervisor.embed.SupervisorBuilder;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.config.ContainmentSpec;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;

/** As a subreaper, a grandchild orphaned by its parent's exit is reaped when it dies, not left a zombie. */
class OrphanReaperTest {
    @TempDir Path dir;

    @Test
    void orphanedGrandchildIsReaped() throws Exception {
        Path log = dir.resolve("main.log");
        // stop_descendants=false: the orphan must be left to die on its own (by default it would be stopped as a
        // leftover of its parent, and reaped with SIGTERM as its status)
        var p = program("parent", "/bin/sh", "-c", "sleep 0.5 & exit 0").startSecs(0).autoRestart(AutoRestart.FALSE)
                .containment(new ContainmentSpec(false, true, 0));
        MainLog mainLog = new MainLog(new LogTarget.File(log), 0, 0, LogLevel.INFO, null);
        Supervisor s = SupervisorBuilder.of(config(dir, p.asGroup())).mainLog(mainLog).reapOrphans(true).build();
        try {
            s.start();
            EngineFixture.await("parent exited", () -> s.process("parent").state() == ProcessState.EXITED,
                    Duration.ofSeconds(10));
            EngineFixture.await("orphan reaped", () -> read(log).contains("reaped unknown pid"), Duration.ofSeconds(10));
            assertThat(read(log)).containsPattern("reaped unknown pid \\d+ \\(exit status 0\\)");
            assertThat(ScaleTest.zombieChildren()).isEmpty();
        } finally {
            s.close();
            mainLog.close();
            Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 0); // the rest of this JVM's tests run without it
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (Exception e) {
            return "";
        }
    }
}
