package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.ConfigException;
import io.corridor.supervisor.config.ConfigLoader;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code [fcgi-program:x]}: a FastCGI-like pool (processes that accept on their fd 0 and answer with their pid)
 * served from the one socket the supervisor made, across restarts, with supervisord's socket settings.
 */
class FcgiPoolTest {
    private static final Duration T = Duration.ofSeconds(30);
    /** A stand-in for a FastCGI server: accepts on fd 0, answers "pid N", forever. */
    private static final String SERVER = """
            import os, socket
            s = socket.socket(fileno=0)
            while True:
                c, _ = s.accept()
                c.sendall(("pid %d\\n" % os.getpid()).encode())
                c.close()
            """;

    @TempDir Path dir;

    private SupervisorConfig config(String pool) throws IOException, ConfigException {
        Files.writeString(dir.resolve("server.py"), SERVER);
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, """
                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                loglevel=info

                [fcgi-program:pool]
                command=/usr/bin/python3 %1$s/server.py
                process_name=%%(program_name)s_%%(process_num)s
                numprocs=2
                startsecs=0
                stopwaitsecs=5
                %2$s
                """.formatted(dir, pool));
        return ConfigLoader.load(conf);
    }

    @Test
    void aUnixSocketPoolAnswersAcrossARestartAndItsSocketGoesWithThePool() throws Exception {
        Path sock = dir.resolve("fcgi.sock");
        SupervisorConfig config = config("socket=unix://" + sock + "\nsocket_mode=0660\n");
        assertThat(config.groups().getFirst().fcgiSocket()).isPresent();
        try (var f = new EngineFixture(config)) {
            f.awaitState("pool:pool_0", ProcessState.RUNNING);
            f.awaitState("pool:pool_1", ProcessState.RUNNING);
            Set<Long> pids = pids(f);
            UnixDomainSocketAddress address = UnixDomainSocketAddress.of(sock);
            assertThat(answeringPid(address)).isIn(pids);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-rw----");

            // the pool restarts: stopped, the socket is closed and its file removed; started, it answers again
            f.supervisor.stopGroup("pool", true).get(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(Files.exists(sock)).as("socket file after the pool stopped").isFalse();
            f.supervisor.startGroup("pool", true).get(T.toSeconds(), TimeUnit.SECONDS);
            Set<Long> restarted = pids(f);
            assertThat(restarted).doesNotContainAnyElementsOf(pids);
            assertThat(answeringPid(address)).isIn(restarted);
            assertThat(f.mainLog()).contains("INFO Creating socket unix://" + sock)
                    .contains("INFO Closing socket unix://" + sock);

            f.supervisor.stopGroup("pool", true).get(T.toSeconds(), TimeUnit.SECONDS);
            f.supervisor.removeGroup("pool").get(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(Files.exists(sock)).as("socket file after the pool was removed").isFalse();
        }
    }

    @Test
    void aTcpSocketSurvivesTheRestartOfOneProcessWhileTheOtherServes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SupervisorConfig config = config("socket=tcp://127.0.0.1:" + port + "\nsocket_backlog=16\nautorestart=true\n");
        try (var f = new EngineFixture(config)) {
            f.awaitState("pool:pool_0", ProcessState.RUNNING);
            f.awaitState("pool:pool_1", ProcessState.RUNNING);
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            assertThat(answeringPid(address)).isIn(pids(f));

            long killed = f.info("pool:pool_0").pid();
            Libc.kill((int) killed, Signals.SIGKILL);
            EngineFixture.await("pool_0 respawned", () -> {
                ProcessInfo i = f.info("pool:pool_0");
                return i.state() == ProcessState.RUNNING && i.pid() != killed;
            }, T);
            for (int i = 0; i < 5; i++) assertThat(answeringPid(address)).isIn(pids(f));
            // the socket was made once: the process that kept running held it open
            assertThat(f.mainLog().split("Creating socket tcp://127.0.0.1:" + port, -1)).hasSize(2);
        }
    }

    @Test
    void socketSettingsAreCheckedAsSupervisordChecksThem() throws IOException {
        assertThatThrownBy(() -> config("socket=tcp://127.0.0.1:9000\nsocket_mode=0600\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("socket_owner and socket_mode params should only be used with a Unix domain socket");
        assertThatThrownBy(() -> config("socket=unix://relative.sock\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not an absolute path");
        assertThatThrownBy(() -> config("socket=udp://x:1\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Bad socket format udp://x:1");
        assertThatThrownBy(() -> config("socket=unix:///tmp/x.sock\nsocket_backlog=0\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Invalid socket_backlog value 0");
        assertThatThrownBy(() -> config(""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[fcgi-program:pool] section requires a \"socket\" line");
    }

    private static Set<Long> pids(EngineFixture f) {
        Set<Long> pids = new HashSet<>();
        for (ProcessInfo i : f.supervisor.processes()) pids.add(i.pid());
        return pids;
    }

    private static long answeringPid(SocketAddress address) throws IOException {
        StandardProtocolFamily family = address instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET;
        try (SocketChannel ch = SocketChannel.open(family)) {
            ch.connect(address);
            ByteBuffer buf = ByteBuffer.allocate(64);
            while (ch.read(buf) >= 0) {
                if (!buf.hasRemaining()) break;
            }
            String answer = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
            assertThat(answer).startsWith("pid ");
            return Long.parseLong(answer.substring(4));
        }
    }
}
