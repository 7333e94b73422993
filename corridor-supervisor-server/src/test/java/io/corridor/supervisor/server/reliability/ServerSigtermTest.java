package io.corridor.supervisor.server.reliability;

import io.corridor.supervisor.reliability.Proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM to a real {@code corridor-supervisord} ({@link ServerJvm}) with 200 children leaves none behind. */
class ServerSigtermTest {
    private static final int CHILDREN = 200;
    private static final String MARKER = "sleep 4242";

    @TempDir Path dir;

    @Test
    void sigtermWithTwoHundredChildrenLeavesNoneBehind() throws Exception {
        Path ini = ServerJvm.config(dir, """
                [program:kid]
                command=%1$s
                process_name=%%(program_name)s_%%(process_num)03d
                numprocs=%2$d
                startsecs=0
                stdout_logfile=NONE
                stderr_logfile=NONE
                """.formatted(MARKER, CHILDREN));
        Process server = ServerJvm.start(ini, "server");
        Set<Long> seen = new HashSet<>();
        try {
            List<Long> kids = ServerJvm.awaitRunning(dir, CHILDREN, Duration.ofSeconds(60), seen);
            assertThat(kids).hasSize(CHILDREN).allMatch(pid -> Proc.ppid(pid) == server.pid());

            long t0 = System.nanoTime();
            server.destroy();   // SIGTERM
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("server exits after SIGTERM").isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.printf("[reliability] SIGTERM with %d children: server exited %d in %d ms%n", CHILDREN,
                    server.exitValue(), took.toMillis());
            assertThat(server.exitValue()).isZero();
            assertThat(kids).noneMatch(Proc::alive);
            assertThat(dir.resolve("s.sock")).doesNotExist();
            assertThat(dir.resolve("supervisord.pid")).doesNotExist();
            assertThat(dir.resolve("supervisord.state")).as("nothing to remember: no state file left").doesNotExist();
            assertThat(Files.readString(dir.resolve("supervisord.log"))).contains("received SIGTERM indicating exit request");
        } finally {
            server.destroyForcibly();
            server.waitFor(20, TimeUnit.SECONDS);
            for (long pid : seen) Proc.killIfOurs(pid, MARKER);
        }
    }
}
