package io.corridor.supervisor.os;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real cgroup v2 group, where this machine offers a writable one (root on a host with the unified hierarchy,
 * or a delegated systemd unit); skipped where the runtime gives none (an unprivileged container), since that is
 * the machine's setting, not a missing package. The engine then falls back to the /proc walk (ProcTableTest).
 */
class CgroupTest {

    @Test
    void aSetsidGrandchildStaysInTheGroupAndDiesWithIt() throws Exception {
        Optional<Cgroup> own = Cgroup.own();
        assumeTrue(own.isPresent(), "no writable cgroup v2 here");
        Cgroup g = own.orElseThrow().child("corridor-test-" + ProcessHandle.current().pid());
        SpawnedChild c = null;
        boolean reaped = false;
        try {
            // joins the group before exec (as the engine's spawn wrapper does), then escapes its session
            c = PosixSpawn.spawn(new SpawnRequest("/bin/sh", List.of("sh", "-c",
                    "echo $$ > \"$0\" || exit 9; setsid sh -c 'sleep 1000 & wait' & wait", g.procsFile().toString()),
                    List.of(), Optional.empty(), true));
            int pid = c.pid();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (g.pids().size() < 3 && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(g.pids()).as("sh, setsid sh and sleep").hasSizeGreaterThanOrEqualTo(3).contains(pid);
            assertThat(g.populated()).isTrue();
            assertThat(g.cpuMicros()).isPresent();

            g.killAll();
            while (g.populated() && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(g.populated()).isFalse();
            Libc.waitpid(pid, 0);
            reaped = true;
            assertThat(g.remove()).isTrue();
            assertThat(Files.exists(g.dir())).isFalse();
        } finally {
            if (c != null) {
                g.killAll();
                if (!reaped) {   // a reaped pid may already be someone else's; an unreaped one is reaped here
                    Libc.kill(c.pid(), Signals.SIGKILL);
                    Libc.waitpid(c.pid(), 0);
                }
                for (int fd : new int[]{c.pidfd(), c.stdin(), c.stdout()}) Libc.close(fd);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (g.exists() && !g.remove() && System.nanoTime() < deadline) Thread.sleep(10);
        }
    }
}
