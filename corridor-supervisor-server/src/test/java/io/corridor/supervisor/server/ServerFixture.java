package io.corridor.supervisor.server;

import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.InetHttpServerSettings;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.config.UnixHttpServerSettings;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A FakeSupervisor behind a real ControlServer, in a temp directory; close() tears both down. */
final class ServerFixture implements AutoCloseable {
    final Path dir;
    final FakeSupervisor supervisor;
    final ControlServer server;
    final List<String> logLines = new CopyOnWriteArrayList<>();

    ServerFixture(Path dir, Optional<UnixHttpServerSettings> unix, Optional<InetHttpServerSettings> inet,
                  List<GroupSpec> groups, ServerOptions options) throws ServerBindException {
        this.dir = dir;
        SupervisorConfig config = TestConfigs.config(dir, unix, inet, groups);
        this.supervisor = new FakeSupervisor(config, dir);
        ServerLog log = (level, message) -> {
            if (level.ordinal() <= LogLevel.INFO.ordinal()) logLines.add(level + " " + message);
        };
        this.server = ControlServer.start(config, supervisor, options, log);
    }

    /** A unix server without auth, groups: {@code sleeper}, {@code manual} and {@code grp} with {@code a}, {@code b}. */
    static ServerFixture standard(Path dir) throws ServerBindException {
        return standard(dir, ServerOptions.defaults());
    }

    static ServerFixture standard(Path dir, ServerOptions options) throws ServerBindException {
        return new ServerFixture(dir, Optional.of(TestConfigs.unix(dir.resolve("s.sock"))), Optional.empty(),
                standardGroups(dir), options);
    }

    static List<GroupSpec> standardGroups(Path dir) {
        return List.of(TestConfigs.group("sleeper", 999, dir), TestConfigs.group("manual", 999, dir),
                TestConfigs.group("grp", 100, dir, "a", "b"));
    }

    Path socket() { return server.unixSocket().orElseThrow(); }

    InetSocketAddress inet() { return server.inetAddress().orElseThrow(); }

    RawHttp unixClient() throws java.io.IOException { return RawHttp.unix(socket()); }

    @Override
    public void close() {
        server.close();
        supervisor.close();
    }
}
