package io.corridor.supervisor.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same configuration with an {@code [fcgi-program:x]} pool run by Debian's supervisord and by
 * corridor-supervisord, driven by Debian's supervisorctl: {@code status} and {@code avail} print the same, the pool
 * answers on the socket the supervisor made (with its {@code socket_mode}) before and after a restart of the pool.
 */
class FcgiParityIT {
    private static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    private static final Duration T = Duration.ofSeconds(60);
    private static final String SERVER = """
            import os, socket
            s = socket.socket(fileno=0)
            while True:
                c, _ = s.accept()
                c.sendall(("pid %d\\n" % os.getpid()).encode())
                c.close()
            """;
    private static final String CONFIG = """
            [supervisord]
            logfile=%(here)s/supervisord.log
            pidfile=%(here)s/supervisord.pid
            childlogdir=%(here)s
            [unix_http_server]
            file=%(here)s/s.sock
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            [supervisorctl]
            serverurl=unix://%(here)s/s.sock
            [program:plain]
            command=/bin/sleep 1000
            [fcgi-program:pool]
            command=/usr/bin/python3 %(here)s/server.py
            socket=unix://%(here)s/fcgi.sock
            socket_mode=0660
            process_name=%(program_name)s_%(process_num)02d
            numprocs=2
            """;

    @TempDir Path dir;

    record Observed(List<String> status, String avail, String mode, List<String> restart) {}

    @Test
    void statusAvailAndTheSocketAreSupervisords() throws Exception {
        boolean present = Files.isExecutable(SUPERVISORD) && Files.isExecutable(Installation.SUPERVISORCTL);
        Installation.require(present, "Debian's supervisor package (apt-get install supervisor)");
        Observed reference = observe(Files.createDirectories(dir.resolve("supervisord")), SUPERVISORD.toString());
        Observed ours = observe(Files.createDirectories(dir.resolve("corridor")),
                Path.of(System.getProperty("corridor.dist"), "bin", "corridor-supervisord").toString());
        assertThat(ours).isEqualTo(reference);
        assertThat(reference.status()).hasSize(3);
    }

    private Observed observe(Path home, String server) throws Exception {
        Files.writeString(home.resolve("server.py"), SERVER);
        Path conf = Files.writeString(home.resolve("supervisord.conf"), CONFIG);
        Path socket = home.resolve("fcgi.sock");
        ProcessBuilder pb = new ProcessBuilder(server, "-n", "-c", conf.toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("server.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        try {
            Installation.await(server + " to run everything", () -> {
                String s = Installation.supervisorctl(home, "status").out();
                return s.lines().count() == 3 && s.lines().allMatch(l -> l.contains(" RUNNING "));
            }, T);
            List<String> status = Installation.supervisorctl(home, "status").out().lines()
                    .map(l -> l.replaceAll("pid \\d+, uptime \\S+", "pid N, uptime T")).toList();
            String avail = Installation.supervisorctl(home, "avail").out();
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(socket));
            assertThat(answer(socket)).startsWith("pid ");
            List<String> restart = Installation.supervisorctl(home, "restart", "pool:*").out().lines().sorted().toList();
            assertThat(answer(socket)).startsWith("pid ");
            Installation.supervisorctl(home, "shutdown");
            Installation.await(server + " to exit", () -> !p.isAlive(), T);
            return new Observed(status, avail, mode, restart);
        } finally {
            Installation.killTree(p.toHandle());
        }
    }

    private static String answer(Path socket) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer buf = ByteBuffer.allocate(64);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // until the server closes
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
        }
    }
}
