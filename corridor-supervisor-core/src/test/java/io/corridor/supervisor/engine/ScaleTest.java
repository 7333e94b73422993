package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.ProcessSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;

/** The cost of N children: threads do not grow with N, and no child is ever left a zombie. */
class ScaleTest {
    @TempDir Path dir;

    @Test
    void twoHundredChildrenAddNoThreads() {
        int baseline = Thread.activeCount();
        long osBaseline = osThreads();
        List<ProcessSpec> specs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            specs.add(program("s_%03d".formatted(i), "sleep", "100000").group("many").processNum(i).startSecs(0).spec());
        }
        try (var f = new EngineFixture(config(dir, new GroupSpec("many", 999, specs)))) {
            EngineFixture.await("200 running", () -> f.supervisor.processes().stream()
                    .filter(i -> i.state() == ProcessState.RUNNING).count() == 200, Duration.ofSeconds(30));
            // engine owner + I/O + notifier; the JDK would add one reaper thread per child
            assertThat(Thread.activeCount() - baseline).isLessThanOrEqualTo(3);
            assertThat(osThreads() - osBaseline).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void exitedChildrenLeaveNoZombies() {
        var p = program("blink", "/bin/sh", "-c", "exit 0").startSecs(0).autoRestart(AutoRestart.FALSE);
        var q = program("blink2", "/bin/sh", "-c", "sleep 0.2 & exit 1").startSecs(0).autoRestart(AutoRestart.FALSE);
        try (var f = new EngineFixture(config(dir, p.asGroup(), q.asGroup()))) {
            f.awaitState("blink", ProcessState.EXITED);
            f.awaitState("blink2", ProcessState.EXITED);
            for (ProcessInfo i : f.supervisor.processes()) assertThat(i.pid()).isZero();
            assertThat(zombieChildren()).isEmpty();
        }
    }

    static long osThreads() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Zombies whose parent is this JVM. */
    static List<Long> zombieChildren() {
        long me = ProcessHandle.current().pid();
        List<Long> zombies = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (f[0].equals("Z") && Long.parseLong(f[1]) == me) zombies.add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException ignored) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return zombies;
    }
}
