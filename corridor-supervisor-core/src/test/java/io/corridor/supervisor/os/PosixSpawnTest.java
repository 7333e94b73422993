package io.corridor.supervisor.os;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The FFM layer on its own: spawn, pipes, pidfd, wait status decoding, signals to a group. */
class PosixSpawnTest {

    @Test
    void spawnsWithPipesAndReportsTheExitCode() throws Exception {
        SpawnedChild c = PosixSpawn.spawn(new SpawnRequest("/bin/sh", List.of("sh", "-c", "echo out; echo err >&2; exit 7"),
                List.of("A=1"), Optional.empty(), false));
        boolean reaped = false;
        try {
            WaitResult w = waitFor(c.pid());
            reaped = true;
            assertThat(ExitStatus.decode(w.status())).isEqualTo(new ExitStatus(7, "exit status 7"));
            assertThat(readAll(c.stdout())).isEqualTo("out\n");
            assertThat(readAll(c.stderr())).isEqualTo("err\n");
        } finally {
            // a reaped pid may already be someone else's: signal only our unreaped child, and reap it (a zombie
            // left here would be counted by later tests in this JVM, ScaleTest.exitedChildrenLeaveNoZombies)
            if (!reaped) {
                Libc.kill(c.pid(), Signals.SIGKILL);
                Libc.waitpid(c.pid(), 0);
            }
            for (int fd : new int[]{c.pidfd(), c.stdin(), c.stdout(), c.stderr()}) Libc.close(fd);
        }
    }

    @Test
    void aGroupSignalReachesTheWholeSessionAndDecodesAsASignal() throws Exception {
        SpawnedChild c = PosixSpawn.spawn(new SpawnRequest("/bin/sh", List.of("sh", "-c", "sleep 1000 & wait"),
                List.of(), Optional.empty(), true));
        try {
            String stat = Files.readString(Path.of("/proc/" + c.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertThat(f[2]).isEqualTo(Integer.toString(c.pid()));
            assertThat(Libc.kill(-c.pid(), Signals.SIGKILL)).isZero();
            assertThat(ExitStatus.decode(waitFor(c.pid()).status()).description()).isEqualTo("terminated by SIGKILL");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (livingMembers(c.pid()) > 0 && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(livingMembers(c.pid())).as("living processes left in the group").isZero();
        } finally {
            Libc.kill(-c.pid(), Signals.SIGKILL);
            Libc.waitpid(c.pid(), Libc.WNOHANG);
            for (int fd : new int[]{c.pidfd(), c.stdin(), c.stdout()}) Libc.close(fd);
        }
    }

    @Test
    void aMissingProgramFailsTheSpawnWithItsErrno() {
        assertThatThrownBy(() -> PosixSpawn.spawn(new SpawnRequest("/nonexistent/x", List.of("x"), List.of(),
                Optional.empty(), false))).isInstanceOf(NativeException.class).hasMessageContaining("ENOENT");
    }

    @Test
    void decodesCoreDumpsAndUnknownCauses() {
        assertThat(ExitStatus.decode(0x86).description()).isEqualTo("terminated by SIGABRT (core dumped)");
        assertThat(ExitStatus.decode(0x137f).description()).startsWith("unknown termination cause");
    }

    /** Processes of process group {@code pgid} that are not zombies (a zombie is dead, only not yet reaped). */
    private static long livingMembers(int pgid) throws java.io.IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return !f[0].equals("Z") && f[2].equals(Integer.toString(pgid));
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count();
        }
    }

    /** Blocks on the pidfd turning readable (poll via a blocking waitpid is fine: this thread owns the child). */
    private static WaitResult waitFor(int pid) {
        return Libc.waitpid(pid, 0);
    }

    private static String readAll(int fd) throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4096);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                long n = Libc.read(fd, buf, 4096);
                if (n > 0) sb.append(new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
                else if (n == 0) break;
                else Thread.sleep(5);
            }
        }
        return sb.toString();
    }
}
