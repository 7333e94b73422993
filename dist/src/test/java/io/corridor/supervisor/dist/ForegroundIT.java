package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The foreground supervisor from the tarball: /metrics on its socket, and the systemd unit file it ships. */
class ForegroundIT {
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir Path dir;
    private Installation inst;
    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy(); // SIGTERM: ordered stop of the children, then exit
            server.waitFor();
        }
        if (inst != null) {
            inst.assertNothingLeftRunning();
        }
    }

    @Test
    void metricsAreServedAsPrometheusText() throws Exception {
        inst = Installation.unpack(dir);
        server = new ProcessBuilder(inst.bin("corridor-supervisord").toString(), "-n")
                .redirectOutput(dir.resolve("fg.out").toFile()).redirectErrorStream(true).start();
        Path socket = inst.home.resolve("instances/default/run/supervisor.sock");
        Installation.await("demo-workers_01 RUNNING", () -> Files.exists(socket)
                && inst.ctl(T, "status", "demo-workers:demo-workers_01").out().contains("RUNNING"), T);

        // demo-clock logs a line at once: wait until the log-bytes counter has seen it
        Installation.await("log bytes counted", () -> scrape(socket).getOrDefault(
                "corridor_log_written_bytes_total", 0.0) > 0, T);
        Map<String, Double> series = scrape(socket);
        assertThat(series).containsEntry(
                "corridor_process_up{group=\"demo-workers\",name=\"demo-workers_00\"}", 1.0);
        assertThat(series.keySet()).anyMatch(k -> k.startsWith("corridor_processes{") && k.contains("RUNNING"));
    }

    private static Map<String, Double> scrape(Path socket) throws Exception {
        String body = get(socket, "/metrics");
        assertThat(body).startsWith("HTTP/1.1 200");
        Map<String, Double> series = new java.util.HashMap<>();
        Pattern line = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$");
        for (String l : body.substring(body.indexOf("\r\n\r\n") + 4).split("\n")) {
            if (l.isEmpty() || l.startsWith("#")) continue;
            Matcher m = line.matcher(l);
            assertThat(m.matches()).as("Prometheus text line: " + l).isTrue();
            series.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return series;
    }

    @Test
    void systemdUnitVerifies() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
                "systemd-analyze is not installed");
        inst = Installation.unpack(dir);
        String unit = Files.readString(inst.home.resolve("share/systemd/corridor-supervisor.service"))
                .replace("@INSTALL_DIR@", inst.home.toString()).replace("@USER@", "root");
        Path unitFile = Files.writeString(dir.resolve("corridor-supervisor.service"), unit);
        Installation.Result r = Installation.run(dir, Map.of(), T, "systemd-analyze", "verify", unitFile.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("corridor-supervisor.service:");
    }

    /** A minimal HTTP/1.0 GET over the Unix socket: the server closes when done. */
    private static String get(Path socket, String path) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) > 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
