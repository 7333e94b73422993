package io.corridor.supervisor.server;

import io.corridor.supervisor.config.SupervisorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The foreground run: bind, pidfile, start, serve until the engine terminates, clean up; refuse when it cannot bind. */
class MainForegroundTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Main main() {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "corridor-supervisord");
    }

    @Test
    void serves_until_shutdown_then_removes_socket_and_pidfile() throws Exception {
        Path sock = dir.resolve("s.sock");
        SupervisorConfig config = TestConfigs.config(dir, Optional.of(TestConfigs.unix(sock)), Optional.empty(),
                ServerFixture.standardGroups(dir));
        AtomicReference<FakeSupervisor> engine = new AtomicReference<>();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> main().foreground(config, true, builder -> {
            engine.set(new FakeSupervisor(config, dir));
            engine.get().echo = new PrintStream(out, true, StandardCharsets.UTF_8);
            return engine.get();
        }, false));
        try {
            Wait.until(() -> engine.get() != null && engine.get().started && Files.exists(config.supervisord().pidfile()),
                    Duration.ofSeconds(20));
            assertThat(Files.readString(config.supervisord().pidfile())).isEqualTo(ProcessHandle.current().pid() + "\n");
            try (RawHttp c = RawHttp.unix(sock)) {
                var r = c.post("/RPC2", "text/xml", "<methodCall><methodName>supervisor.shutdown</methodName></methodCall>", null);
                assertThat(r.text()).contains("<boolean>1</boolean>");
            }
            assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
            assertThat(sock).doesNotExist();
            assertThat(config.supervisord().pidfile()).doesNotExist();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("CRIT Server 'unix_http_server' running without any HTTP authentication checking");
        } finally {
            if (engine.get() != null) engine.get().close();
        }
    }

    @Test
    void refuses_to_start_when_the_socket_is_in_use() throws Exception {
        Path sock = dir.resolve("s.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(sock));
            SupervisorConfig config = TestConfigs.config(dir, Optional.of(TestConfigs.unix(sock)), Optional.empty(),
                    ServerFixture.standardGroups(dir));
            AtomicReference<FakeSupervisor> engine = new AtomicReference<>();
            int code = main().foreground(config, true, builder -> {
                engine.set(new FakeSupervisor(config, dir));
                return engine.get();
            }, false);
            assertThat(code).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Error: " + ServerBindException.IN_USE + "\n");
            assertThat(engine.get().started).isFalse();
            assertThat(config.supervisord().pidfile()).doesNotExist();
            engine.get().close();
        }
    }
}
