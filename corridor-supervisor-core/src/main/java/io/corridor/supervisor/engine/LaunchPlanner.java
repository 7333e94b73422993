package io.corridor.supervisor.engine;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.config.EnvironmentFile;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.config.Shlex;
import io.corridor.supervisor.os.SpawnRequest;
import io.corridor.supervisor.os.UserInfo;
import io.corridor.supervisor.os.Users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@link ProcessSpec} into what {@code posix_spawn} execs, with supervisord's checks and messages:
 * argv[0] searched on PATH, the child's environment, and the two things posix_spawn cannot do itself, done by
 * programs that exec in place (so the pid stays the program's): {@code setpriv} for {@code user=} and
 * {@code sh -c 'umask ...; exec "$@"'} for {@code umask=}.
 */
final class LaunchPlanner {
    static final String SETPRIV = "/usr/bin/setpriv";
    static final String SH = "/bin/sh";
    private static final String UMASK_SCRIPT = "umask \"$0\" && exec \"$@\"";
    /**
     * Joins the program's cgroup before anything else runs, so no child it forks can start outside it. A failed
     * write (the group was removed) is reported on the program's stderr and the program still runs.
     */
    private static final String CGROUP_SCRIPT =
            "{ echo $$ > \"$0\"; } 2>/dev/null || echo \"corridor-supervisor: could not join $0\" >&2; exec \"$@\"";
    private static final boolean HAVE_SETPRIV = Files.isExecutable(Path.of(SETPRIV));
    private static final Set<PosixFilePermission> EXEC_BITS = Set.of(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    private final Map<String, String> baseEnvironment;
    private final String autoServerUrl;   // null when no server is configured
    private final int ourUid;
    private final ExtraEnvironment extra;

    /** Environment a process gets beyond supervisord's, given its SUPERVISOR_SERVER_URL (null when none). */
    interface ExtraEnvironment {
        Map<String, String> of(ProcessSpec spec, String serverUrl);
    }

    LaunchPlanner(Map<String, String> baseEnvironment, String autoServerUrl, int ourUid) {
        this(baseEnvironment, autoServerUrl, ourUid, (spec, url) -> Map.of());
    }

    LaunchPlanner(Map<String, String> baseEnvironment, String autoServerUrl, int ourUid, ExtraEnvironment extra) {
        this.baseEnvironment = baseEnvironment;
        this.autoServerUrl = autoServerUrl;
        this.ourUid = ourUid;
        this.extra = extra;
    }

    /** supervisord's {@code get_execv_args}: the absolute program, or the failure startProcess reports. */
    String resolveCommand(ProcessSpec spec) throws SpawnFailure {
        List<String> argv = spec.argv();
        if (argv.isEmpty()) throw new SpawnFailure(Fault.NOT_EXECUTABLE, unparsable(spec.command()));
        String program = argv.getFirst();
        String filename = program;
        if (!program.contains("/")) {
            for (String dir : searchPath(spec)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
                if (Files.exists(candidate)) {
                    filename = candidate.toString();
                    break;
                }
            }
        }
        Path file = Path.of(filename);
        if (!Files.exists(file)) throw new SpawnFailure(Fault.NO_FILE, "can't find command " + quote(filename));
        if (Files.isDirectory(file)) {
            throw new SpawnFailure(Fault.NOT_EXECUTABLE, "command at " + quote(filename) + " is a directory");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().noneMatch(EXEC_BITS::contains)) {
                throw new SpawnFailure(Fault.NOT_EXECUTABLE, "command at " + quote(filename) + " is not executable");
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new SpawnFailure(Fault.NOT_EXECUTABLE, "command at " + quote(filename) + " is not executable");
        }
        if (!Files.isExecutable(file)) {
            throw new SpawnFailure(Fault.NOT_EXECUTABLE, "no permission to run command " + quote(filename));
        }
        return filename;
    }

    /**
     * supervisord splits the command at spawn time: an unbalanced quote is {@code can't parse command 'x': No
     * closing quotation}, a blank command {@code command is empty}.
     */
    private static String unparsable(String command) {
        try {
            Shlex.split(command);
        } catch (IllegalArgumentException e) {
            return "can't parse command " + quote(command) + ": " + e.getMessage();
        }
        return "command is empty";
    }

    SpawnRequest plan(ProcessSpec spec) throws SpawnFailure {
        return plan(spec, null, Map.of(), Map.of());
    }

    /**
     * @param cgroupProcs      the {@code cgroup.procs} file of the group the child must join before it execs the
     *                         program, or null
     * @param extraEnvironment what the readiness protocol adds ({@code NOTIFY_SOCKET}); {@code environment=} wins
     * @param inherited        child fd → parent fd, e.g. the {@code ready_check=fd:N} pipe
     */
    SpawnRequest plan(ProcessSpec spec, Path cgroupProcs, Map<String, String> extraEnvironment,
                      Map<Integer, Integer> inherited) throws SpawnFailure {
        return plan(spec, cgroupProcs, extraEnvironment, inherited, resolveCommand(spec));
    }

    /** The same with the command {@link #resolveCommand} already found for this spawn (startProcess checks it). */
    SpawnRequest plan(ProcessSpec spec, Path cgroupProcs, Map<String, String> extraEnvironment,
                      Map<Integer, Integer> inherited, String filename) throws SpawnFailure {
        List<String> argv = new ArrayList<>();
        if (cgroupProcs != null) argv.addAll(List.of(SH, "-c", CGROUP_SCRIPT, cgroupProcs.toString()));
        // PR_SET_PDEATHSIG: SIGKILL when the thread that spawned it (the engine's owner thread, which lives as long
        // as the engine) dies. setpriv sets it after any uid change, which would otherwise clear it.
        boolean pdeathsig = spec.containment().dieWithSupervisor() && HAVE_SETPRIV;
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
        env.put("SUPERVISOR_ENABLED", "1");
        String serverUrl = "AUTO".equalsIgnoreCase(spec.serverUrl().strip()) ? autoServerUrl : spec.serverUrl();
        if (serverUrl != null && !serverUrl.isEmpty()) env.put("SUPERVISOR_SERVER_URL", serverUrl);
        env.put("SUPERVISOR_PROCESS_NAME", spec.name());
        env.put("SUPERVISOR_GROUP_NAME", spec.groupName());
        env.putAll(extra.of(spec, serverUrl == null || serverUrl.isEmpty() ? null : serverUrl));

        Optional<UserInfo> switchTo = userToSwitchTo(spec);
        if (switchTo.isPresent()) {
            UserInfo u = switchTo.get();
            argv.addAll(List.of(SETPRIV, "--reuid=" + u.uid(), "--regid=" + u.gid(), "--init-groups"));
            if (pdeathsig) argv.add("--pdeathsig=KILL");
            argv.add("--");
            // Not in supervisord (it keeps root's HOME): issue 3 asks for a login-like environment; program env wins.
            env.put("HOME", u.home());
            env.put("USER", u.name());
            env.put("LOGNAME", u.name());
        } else if (pdeathsig) {
            argv.addAll(List.of(SETPRIV, "--pdeathsig=KILL", "--"));
        }
        for (EnvironmentFile file : spec.environmentFiles()) {
            try {
                env.putAll(EnvironmentFileReader.read(file.path()));
            } catch (NoSuchFileException e) {
                if (!file.optional()) {
                    throw new SpawnFailure(Fault.SPAWN_ERROR, "couldn't read environment_file " + file.path() + ": ENOENT");
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new SpawnFailure(Fault.SPAWN_ERROR, "couldn't read environment_file " + file.path() + ": "
                        + e.getMessage());
            }
        }
        env.putAll(extraEnvironment);
        env.putAll(spec.environment());

        if (spec.umask().isPresent()) {
            argv.addAll(List.of(SH, "-c", UMASK_SCRIPT, "%03o".formatted(spec.umask().getAsInt())));
        }
        String path;
        if (argv.isEmpty()) {
            path = filename;
            argv.add(spec.argv().getFirst()); // as execve(filename, argv): the program sees argv[0] as written
        } else {
            path = argv.getFirst();
            argv.add(filename);
        }
        argv.addAll(spec.argv().subList(1, spec.argv().size()));

        if (spec.directory().isPresent() && !Files.isDirectory(Path.of(spec.directory().get()))) {
            throw new SpawnFailure(Fault.SPAWN_ERROR, "couldn't chdir to " + spec.directory().get() + ": ENOENT");
        }
        List<String> envp = new ArrayList<>(env.size());
        env.forEach((k, v) -> envp.add(k + "=" + v));
        return new SpawnRequest(path, argv, envp, spec.directory(), spec.redirectStderr(), -1, Map.copyOf(inherited));
    }

    /** Empty when no switch is needed (no user=, or already that uid); a failure when it cannot be done. */
    private Optional<UserInfo> userToSwitchTo(ProcessSpec spec) throws SpawnFailure {
        if (spec.user().isEmpty()) return Optional.empty();
        String user = spec.user().get();
        Optional<UserInfo> info = Users.lookup(user);
        if (info.isEmpty()) {
            boolean numeric = user.chars().allMatch(Character::isDigit);
            throw new SpawnFailure(Fault.SPAWN_ERROR, "couldn't setuid to " + user + ": "
                    + (numeric ? "Can't find uid " + user : "Can't find username " + quote(user)));
        }
        if (info.get().uid() == ourUid) return Optional.empty();
        if (ourUid != 0) {
            throw new SpawnFailure(Fault.SPAWN_ERROR,
                    "couldn't setuid to " + info.get().uid() + ": Can't drop privilege as nonroot user");
        }
        if (!Files.isExecutable(Path.of(SETPRIV))) {
            throw new SpawnFailure(Fault.SPAWN_ERROR, "couldn't setuid to " + user + ": " + SETPRIV + " is missing");
        }
        return info;
    }

    private List<String> searchPath(ProcessSpec spec) {
        String path = spec.environment().get("PATH");
        if (path == null) path = baseEnvironment.get("PATH");
        if (path == null || path.isEmpty()) return List.of("/bin", "/usr/bin", "/usr/local/bin");
        return List.of(path.split(":", -1));
    }

    /** Python's {@code %r} of a str, as supervisord's messages print it. */
    static String quote(String s) {
        return s.contains("'") && !s.contains("\"") ? "\"" + s + "\"" : "'" + s.replace("'", "\\'") + "'";
    }
}
