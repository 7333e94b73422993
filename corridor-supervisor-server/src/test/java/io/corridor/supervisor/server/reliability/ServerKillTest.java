package io.corridor.supervisor.server.reliability;

import io.corridor.supervisor.reliability.Proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL to a real {@code corridor-supervisord} ({@link ServerJvm}): its 50 children die
 * with it (PR_SET_PDEATHSIG); a program configured to outlive it, and a grandchild that no death signal reaches,
 * are stopped by the next start of the same configuration before it spawns anything — no program runs twice.
 */
class ServerKillTest {
    private static final int CHILDREN = 50;
    private static final String KID = "sleep 4242", SURVIVOR = "sleep 4343", GRANDCHILD = "sleep 4444";

    @TempDir Path dir;

    @Test
    void sigkillLeavesNoChildAndTheNextStartStopsWhatOutlivedIt() throws Exception {
        Path ini = ServerJvm.config(dir, """
                [program:kid]
                command=%1$s
                process_name=%%(program_name)s_%%(process_num)02d
                numprocs=%2$d
                startsecs=0
                stdout_logfile=NONE
                stderr_logfile=NONE

                [program:survivor]
                command=%3$s
                startsecs=0
                die_with_supervisor=false

                [program:forker]
                command=sh -c '%4$s & wait'
                startsecs=0
                """.formatted(KID, CHILDREN, SURVIVOR, GRANDCHILD));
        Set<Long> cleanup = new HashSet<>();
        Process server = ServerJvm.start(ini, "first");
        Process second = null;
        try {
            List<Long> kids = ServerJvm.awaitRunning(dir, CHILDREN + 2, Duration.ofSeconds(90), cleanup);
            assertThat(kids).hasSize(CHILDREN + 2);
            long survivor = pidOf(SURVIVOR), grandchild = pidOf(GRANDCHILD);
            cleanup.add(survivor);
            cleanup.add(grandchild);
            // the state file is rewritten at most every 100 ms, a little after the spawns it records
            Proc.await("the survivor in the state file", () -> stateFile().contains("child " + survivor + " "),
                    Duration.ofSeconds(20));

            long t0 = System.nanoTime();
            server.destroyForcibly();   // SIGKILL
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<Long> mustDie = kids.stream().filter(p -> p != survivor).toList();
            Proc.await("every child but the survivor gone", () -> mustDie.stream().noneMatch(Proc::alive),
                    Duration.ofSeconds(20));
            System.out.printf("[reliability] SIGKILL with %d children: all gone %d ms after the kill%n", mustDie.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            assertThat(Proc.alive(survivor)).as("die_with_supervisor=false outlives it").isTrue();
            assertThat(Proc.alive(grandchild)).as("no death signal reaches a grandchild").isTrue();

            second = ServerJvm.start(ini, "second");
            ServerJvm.awaitRunning(dir, CHILDREN + 2, Duration.ofSeconds(90), cleanup);
            assertThat(Proc.alive(survivor)).as("the old survivor was stopped").isFalse();
            assertThat(Proc.alive(grandchild)).as("the old grandchild was stopped").isFalse();
            assertThat(pidsWith(SURVIVOR)).as("one survivor, the new one").containsExactly(pidOf(SURVIVOR));
            assertThat(pidsWith(KID)).hasSize(CHILDREN);
            assertThat(Files.readString(dir.resolve("supervisord.log")))
                    .contains("left " + 2 + " process(es) running; stopping them before starting anything");
        } finally {
            for (Process p : new Process[]{server, second}) {
                if (p != null && p.isAlive()) {
                    p.destroy();
                    p.waitFor(60, TimeUnit.SECONDS);
                }
            }
            cleanup.addAll(pidsWith(KID));
            cleanup.addAll(pidsWith(SURVIVOR));
            cleanup.addAll(pidsWith(GRANDCHILD));
            for (long pid : cleanup) {
                for (String marker : List.of(KID, SURVIVOR, GRANDCHILD, "sh -c")) Proc.killIfOurs(pid, marker);
            }
        }
    }

    private String stateFile() {
        try {
            return Files.readString(dir.resolve("supervisord.state"));
        } catch (java.io.IOException e) {
            return ""; // not written yet
        }
    }

    /** The one live process whose command line is {@code marker}. */
    private static long pidOf(String marker) {
        List<Long> pids = new ArrayList<>();
        Proc.await("a process '" + marker + "'", () -> {
            pids.clear();
            pids.addAll(pidsWith(marker));
            return pids.size() == 1;
        }, Duration.ofSeconds(30));
        return pids.getFirst();
    }

    /** Live processes whose command line is {@code marker} (argv[0] may be the absolute path the wrappers exec). */
    private static List<Long> pidsWith(String marker) {
        List<Long> out = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) dirs::iterator) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) continue;
                try {
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ').strip();
                    if ((cmd.equals(marker) || cmd.endsWith("/" + marker)) && Proc.alive(Long.parseLong(n))) out.add(Long.parseLong(n));
                } catch (IOException ignored) {
                    // gone
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
