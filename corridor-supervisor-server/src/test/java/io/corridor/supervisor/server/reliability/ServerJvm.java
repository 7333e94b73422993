package io.corridor.supervisor.server.reliability;

import io.corridor.supervisor.reliability.Proc;
import io.corridor.supervisor.server.RawHttp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A real {@code corridor-supervisord} as its own JVM, for the tests that signal the server process itself (a test
 * cannot install signal handlers in its own JVM, and a SIGKILL must not take the test down). It runs from the
 * classpath Maven built for the test (the server's classes, core and Netty): the code the dist ships, without
 * depending on the dist module having been assembled first.
 */
final class ServerJvm {
    private ServerJvm() {}

    /**
     * Writes {@code dir/supervisord.conf}: a server in the foreground, silent, with its socket ({@code s.sock}),
     * log, pid file and child logs in {@code dir}, and then {@code programs}.
     * @return the file
     */
    static Path config(Path dir, String programs) throws IOException {
        return Files.writeString(dir.resolve("supervisord.conf"), """
                [unix_http_server]
                file=%1$s/s.sock

                [supervisord]
                nodaemon=true
                silent=true
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s

                """.formatted(dir) + programs);
    }

    /** Starts the server on {@code ini}; its console goes to {@code <ini's directory>/<name>.console}. */
    static Process start(Path ini, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.corridor.supervisor.server.Main", "-c", ini.toString())
                .redirectErrorStream(true).redirectOutput(ini.resolveSibling(name + ".console").toFile()).start();
    }

    /**
     * Waits until the server on {@code dir/s.sock} reports exactly {@code count} processes, all RUNNING.
     * @param seen collects every pid the server reported while waiting, so a test cleans up after a timeout too
     * @return their pids
     */
    static List<Long> awaitRunning(Path dir, int count, Duration timeout, Collection<Long> seen) {
        List<Long> pids = new ArrayList<>();
        Path socket = dir.resolve("s.sock");
        Proc.await(count + " processes RUNNING", () -> {
            pids.clear();
            if (!Files.exists(socket)) return false;
            try (RawHttp c = RawHttp.unix(socket)) {
                var all = XmlRpc.processes(c.xmlRpc(XmlRpc.call("supervisor.getAllProcessInfo")).text());
                all.forEach(p -> pids.add(p.pid()));
                pids.stream().filter(pid -> pid > 0).forEach(seen::add);
                return all.size() == count && all.stream().allMatch(p -> p.state().equals("RUNNING"));
            } catch (IOException e) {
                return false;
            }
        }, timeout);
        return List.copyOf(pids);
    }
}
