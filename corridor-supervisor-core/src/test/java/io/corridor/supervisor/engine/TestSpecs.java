package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.config.ContainmentSpec;
import io.corridor.supervisor.config.EnvironmentFile;
import io.corridor.supervisor.config.ReadinessSpec;
import io.corridor.supervisor.config.RestartPolicy;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogSpec;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.config.SupervisordSettings;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Builds config records directly (the ini reader is another helper's): supervisord's defaults, test-friendly logs. */
final class TestSpecs {
    private TestSpecs() {}

    static Program program(String name, String... argv) { return new Program(name, argv); }

    static final class Program {
        String name, group, programName, command;
        List<String> argv;
        int priority = 999, startSecs = 1, startRetries = 3, stopSignal = 15, stopWaitSecs = 10, processNum;
        boolean autostart = true, stopAsGroup, killAsGroup, redirectStderr;
        AutoRestart autoRestart = AutoRestart.UNEXPECTED;
        Set<Integer> exitCodes = Set.of(0);
        Optional<String> user = Optional.empty(), directory = Optional.empty();
        LogSpec stdout = log(LogTarget.NONE, 0, 0), stderr = log(LogTarget.NONE, 0, 0);
        Map<String, String> environment = new LinkedHashMap<>();
        OptionalInt umask = OptionalInt.empty();
        ContainmentSpec containment = ContainmentSpec.DEFAULT;
        ReadinessSpec readiness = ReadinessSpec.DEFAULT;
        RestartPolicy restartPolicy = RestartPolicy.DEFAULT;
        List<EnvironmentFile> environmentFiles = List.of();

        Program(String name, String... argv) {
            this.name = name;
            this.group = name;
            this.programName = name;
            this.argv = Arrays.asList(argv);
        }

        Program group(String g) { group = g; return this; }
        Program priority(int p) { priority = p; return this; }
        Program startSecs(int s) { startSecs = s; return this; }
        Program startRetries(int r) { startRetries = r; return this; }
        Program autostart(boolean a) { autostart = a; return this; }
        Program autoRestart(AutoRestart a) { autoRestart = a; return this; }
        Program exitCodes(Integer... c) { exitCodes = Set.of(c); return this; }
        Program stopWaitSecs(int s) { stopWaitSecs = s; return this; }
        Program stopAsGroup() { stopAsGroup = true; killAsGroup = true; return this; }
        Program user(String u) { user = Optional.of(u); return this; }
        Program directory(Path d) { directory = Optional.of(d.toString()); return this; }
        Program umask(int u) { umask = OptionalInt.of(u); return this; }
        Program env(String k, String v) { environment.put(k, v); return this; }
        Program redirectStderr() { redirectStderr = true; return this; }
        Program stdout(LogTarget t, long maxBytes, int backups) { stdout = log(t, maxBytes, backups); return this; }
        Program stderr(LogTarget t, long maxBytes, int backups) { stderr = log(t, maxBytes, backups); return this; }
        Program processNum(int n) { processNum = n; return this; }
        Program containment(ContainmentSpec c) { containment = c; return this; }
        /** The command line as written, when it differs from the argv (one that shlex cannot split). */
        Program command(String c) { command = c; return this; }
        Program readiness(ReadinessSpec r) { readiness = r; return this; }
        Program restartPolicy(RestartPolicy r) { restartPolicy = r; return this; }
        Program environmentFiles(EnvironmentFile... f) { environmentFiles = List.of(f); return this; }

        ProcessSpec spec() {
            return new ProcessSpec(name, group, programName, processNum,
                    command != null ? command : String.join(" ", argv), List.copyOf(argv),
                    priority, autostart, startSecs, startRetries, autoRestart, exitCodes, stopSignal, stopWaitSecs,
                    stopAsGroup, killAsGroup, user, redirectStderr, stdout, redirectStderr ? log(LogTarget.NONE, 0, 0) : stderr,
                    Map.copyOf(environment), directory, umask, "AUTO", containment, "test.conf", 1, readiness,
                    restartPolicy, environmentFiles);
        }

        GroupSpec asGroup() { return new GroupSpec(group, priority, List.of(spec())); }
    }

    static LogSpec log(LogTarget target, long maxBytes, int backups) {
        return new LogSpec(target, maxBytes, backups, 0, false, false);
    }

    static SupervisorConfig config(Path dir, GroupSpec... groups) {
        return config(dir, LogLevel.DEBUG, false, groups);
    }

    static SupervisorConfig config(Path dir, LogLevel level, boolean stripAnsi, GroupSpec... groups) {
        SupervisordSettings s = new SupervisordSettings(new LogTarget.File(dir.resolve("supervisord.log")),
                50_000_000, 10, level, dir.resolve("supervisord.pid"), 022, true, true, 1024, 200, false,
                dir, Optional.empty(), Optional.empty(), stripAnsi, Map.of(), "supervisor");
        return new SupervisorConfig(dir.resolve("supervisord.conf"), s, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(groups), List.of());
    }
}
