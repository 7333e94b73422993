package io.corridor.supervisor.server;

import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.config.CtlSettings;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.InetHttpServerSettings;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogSpec;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.config.SupervisordSettings;
import io.corridor.supervisor.config.UnixHttpServerSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Builds config records for tests (the reader is another module's job). */
final class TestConfigs {
    private TestConfigs() {}

    static ProcessSpec spec(String group, String name, int priority, boolean autostart, Path dir) {
        LogSpec out = new LogSpec(new LogTarget.File(dir.resolve(name + ".out.log")), 50L << 20, 10, 0, false, false);
        LogSpec err = new LogSpec(new LogTarget.File(dir.resolve(name + ".err.log")), 50L << 20, 10, 0, false, false);
        return new ProcessSpec(name, group, group, 0, "sleep 1000", List.of("sleep", "1000"), priority, autostart, 1, 3,
                AutoRestart.UNEXPECTED, Set.of(0), 15, 10, false, false, Optional.empty(), false, out, err, Map.of(),
                Optional.empty(), OptionalInt.empty(), "AUTO",
                io.corridor.supervisor.config.ContainmentSpec.DEFAULT, dir.resolve("test.conf").toString(), 1,
                io.corridor.supervisor.config.ReadinessSpec.DEFAULT, io.corridor.supervisor.config.RestartPolicy.DEFAULT,
                List.of());
    }

    static GroupSpec group(String name, int priority, Path dir, String... processNames) {
        List<ProcessSpec> specs = new ArrayList<>();
        if (processNames.length == 0) specs.add(spec(name, name, 999, true, dir));
        for (String p : processNames) specs.add(spec(name, p, 999, true, dir));
        return new GroupSpec(name, priority, specs);
    }

    static SupervisorConfig config(Path dir, Optional<UnixHttpServerSettings> unix, Optional<InetHttpServerSettings> inet,
                                   List<GroupSpec> groups) {
        SupervisordSettings s = new SupervisordSettings(new LogTarget.File(dir.resolve("main.log")), 50L << 20, 10,
                LogLevel.INFO, dir.resolve("supervisord.pid"), 022, true, false, 1024, 200, false, dir, Optional.empty(),
                Optional.empty(), false, Map.of(), "supervisor");
        return new SupervisorConfig(dir.resolve("test.conf"), s, unix, inet,
                Optional.of(new CtlSettings("unix://" + dir.resolve("s.sock"), Optional.empty(), Optional.empty(), "supervisor", Optional.empty())),
                groups, List.of());
    }

    static UnixHttpServerSettings unix(Path socket) {
        return new UnixHttpServerSettings(socket, 0700, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static UnixHttpServerSettings unix(Path socket, String user, String password) {
        return new UnixHttpServerSettings(socket, 0700, Optional.empty(), Optional.of(user), Optional.of(password));
    }

    static InetHttpServerSettings inet(String user, String password) {
        return new InetHttpServerSettings("127.0.0.1", 0, Optional.ofNullable(user), Optional.ofNullable(password));
    }
}
