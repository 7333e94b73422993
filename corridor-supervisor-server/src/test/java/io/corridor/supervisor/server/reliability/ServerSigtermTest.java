package io.corridor.supervisor.server.reliability;

import io.corridor.supervisor.server.RawHttp;
import io.corridor.supervisor.reliability.Proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a real {@code corridor-supervisord} with 200 children leaves none behind. The server runs as its own
 * JVM from the classpath Maven built for this test (the server's classes, core and Netty): the same code the dist
 * ships, without depending on the dist module having been assembled first, and with real signal handling (which a
 * test cannot install in its own JVM).
 */
class ServerSigtermTest {
    private static final int CHILDREN = 200;
    private static final String MARKER = "sleep 4242";

    @TempDir Path dir;

    @Test
    void sigtermWithTwoHundredChildrenLeavesNoneBehind() throws Exception {
        Path ini = dir.resolve("supervisord.conf");
        Files.writeString(ini, """
                [unix_http_server]
                file=%1$s/s.sock

                [supervisord]
                nodaemon=true
                silent=true
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s

                [program:kid]
                command=%2$s
                process_name=%%(program_name)s_%%(process_num)03d
                numprocs=%3$d
                startsecs=0
                stdout_logfile=NONE
                stderr_logfile=NONE
                """.formatted(dir, MARKER, CHILDREN));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.corridor.supervisor.server.Main", "-c", ini.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.console").toFile()).start();
        List<Long> kids = new ArrayList<>();
        try {
            Proc.await("200 children RUNNING", () -> {
                kids.clear();
                if (!Files.exists(dir.resolve("s.sock"))) return false;
                try (RawHttp c = RawHttp.unix(dir.resolve("s.sock"))) {
                    var all = XmlRpc.processes(c.xmlRpc(XmlRpc.call("supervisor.getAllProcessInfo")).text());
                    all.forEach(p -> kids.add(p.pid()));
                    return all.size() == CHILDREN && all.stream().allMatch(p -> p.state().equals("RUNNING"));
                } catch (java.io.IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(60));
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
            for (long pid : kids) Proc.killIfOurs(pid, MARKER);
        }
    }
}
