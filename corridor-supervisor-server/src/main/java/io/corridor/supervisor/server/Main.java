package io.corridor.supervisor.server;

import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.Version;
import io.corridor.supervisor.config.CheckCommand;
import io.corridor.supervisor.config.ConfigException;
import io.corridor.supervisor.config.ConfigLoader;
import io.corridor.supervisor.config.ConfigLocator;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.config.SupervisordSettings;
import io.corridor.supervisor.embed.SupervisorBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code corridor-supervisord}: supervisord's command line. Loads and validates the configuration (nothing starts
 * when it is invalid), binds the control servers (refusing to run when they cannot listen), writes the pidfile,
 * starts the engine and turns signals into engine calls until the engine has shut down.
 */
public final class Main {
    private final PrintStream out;
    private final PrintStream err;
    private final String argv0;
    /** supervisord's parse infos ({@code Included extra file ...}), logged once the main log exists. */
    private final List<String> configNotices = new java.util.ArrayList<>();
    /** This is the detached copy of a daemon start: supervisord's {@code _daemonize} steps apply. */
    private boolean daemonized;

    Main(PrintStream out, PrintStream err, String argv0) {
        this.out = out;
        this.err = err;
        this.argv0 = argv0;
    }

    public static void main(String[] args) {
        String argv0 = System.getProperty("corridor.argv0", "corridor-supervisord");
        System.exit(new Main(System.out, System.err, argv0).run(args));
    }

    int run(String[] args) {
        if (args.length > 0 && args[0].equals("check")) {
            return CheckCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("daemon")) {
            return new DaemonCommand(installDir(), out, err).run(Arrays.copyOfRange(args, 1, args.length));
        }
        boolean runSubcommand = args.length > 0 && args[0].equals("run");
        CommandLine cl;
        try {
            cl = CommandLine.parse(runSubcommand ? Arrays.copyOfRange(args, 1, args.length) : args);
        } catch (CommandLine.UsageException e) {
            return usageError(e.getMessage());
        }
        if (cl.help()) {
            out.print(CommandLine.USAGE);
            return 0;
        }
        if (cl.version()) {
            out.println(Version.VERSION);
            return 0;
        }
        SupervisorConfig config;
        try {
            config = applyOverrides(ConfigLoader.load(configFile(cl), configNotices::add), cl);
        } catch (ConfigException | MissingConfigException e) {
            return usageError(e.getMessage());
        } catch (RuntimeException e) {
            return usageError(String.valueOf(e.getMessage()));
        }
        if (!runSubcommand && !config.supervisord().nodaemon()) {
            // supervisord forks into the background here; a JVM cannot fork, so it starts a detached copy of
            // itself in the foreground form and returns once that copy is serving (its pidfile is written).
            return new DaemonCommand(installDir(), out, err).detach(runArguments(args), config.supervisord().pidfile(),
                    consoleFileFor(config.supervisord()));
        }
        daemonized = runSubcommand;
        // a subreaper: orphaned descendants come back to us, so a stop finds them and we reap them
        return foreground(config, true, b -> b.reapOrphans(true).stateFile(stateFile(config.supervisord())).build(), true);
    }

    /**
     * The instance's state file (its children, for the next start to stop what a crash left; the programs stopped
     * by hand): next to the pidfile, which is per instance — {@code supervisord.pid} → {@code supervisord.state}.
     */
    static Path stateFile(SupervisordSettings s) {
        String name = s.pidfile().getFileName().toString();
        String stem = name.endsWith(".pid") ? name.substring(0, name.length() - 4) : name;
        return s.pidfile().resolveSibling(stem + ".state");
    }

    /** The arguments for the detached copy: {@code run} and everything given, minus {@code -n}. */
    private static List<String> runArguments(String[] args) {
        List<String> run = new java.util.ArrayList<>(List.of("run"));
        for (String a : args) {
            if (!a.equals("-n") && !a.equals("--nodaemon")) run.add(a);
        }
        if (!run.contains("-s") && !run.contains("--silent")) run.add("--silent");
        return run;
    }

    private static Path consoleFileFor(SupervisordSettings s) {
        if (s.logfile() instanceof LogTarget.File f) return f.path().resolveSibling(f.path().getFileName() + ".console");
        return s.pidfile().resolveSibling("supervisord.console");
    }

    private static Path installDir() {
        return Path.of(System.getProperty("corridor.home", ".")).toAbsolutePath();
    }

    /**
     * Runs until the engine has terminated. {@code build} makes the supervisor from the builder this method
     * prepared ({@link SupervisorBuilder#build} in the product; tests substitute their own); {@code installSignals}
     * is false only in tests, which must not re-route the test JVM's own signals, nor change its user, limits,
     * umask or directory.
     */
    int foreground(SupervisorConfig config, boolean nodaemonFlag, Function<SupervisorBuilder, Supervisor> build,
                   boolean installSignals) {
        SupervisordSettings s = config.supervisord();
        StartupSteps steps;
        try {
            // before the log is opened, as supervisord: its files are created by the user it runs as
            steps = StartupSteps.run(s, installSignals, daemonized);
        } catch (StartupSteps.Refused e) {
            return usageError(e.getMessage());
        }
        Supervisor supervisor;
        try {
            // one log for the engine and the control plane, echoed to stdout in the foreground unless silent
            supervisor = build.apply(SupervisorBuilder.of(config).echoMainLog(nodaemonFlag && !s.silent() ? out : null));
        } catch (UncheckedIOException e) {
            return usageError("could not open log file " + s.logfile() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        }
        try {
            return foreground(config, supervisor, steps, installSignals);
        } finally {
            supervisor.close();   // stops what may still run, then closes the main log: the last thing to go
        }
    }

    private int foreground(SupervisorConfig config, Supervisor supervisor, StartupSteps steps, boolean installSignals) {
        SupervisordSettings s = config.supervisord();
        ServerLog log = supervisor::log;
        // supervisord's make_logger order: criticals, warnings, infos
        steps.criticals.forEach(log::critical);
        config.warnings().forEach(w -> log.warn(w.toString()));
        configNotices.forEach(log::info);
        steps.infos.forEach(log::info);
        ControlServer server;
        try {
            server = ControlServer.start(config, supervisor, ServerOptions.defaults(), log);
        } catch (ServerBindException e) {
            err.println("Error: " + e.getMessage());
            err.println("For help, use " + argv0 + " -h");
            return 2;
        }
        // a reload re-binds the servers whose sections changed, off the engine's thread, one reload at a time
        java.util.concurrent.ExecutorService rebinder =
                java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofVirtual().name("corridor-rebind").factory());
        AutoCloseable rebinding = supervisor.onConfig(next -> rebinder.execute(() -> server.apply(next)));
        try {
            writePidfile(s.pidfile());
            if (installSignals) {
                SignalBridge.install(supervisor, log, () -> rebinder.execute(() -> {
                    try {
                        server.apply(ConfigLoader.load(config.source(), n -> { })); // only the server sections matter
                    } catch (ConfigException | RuntimeException e) {
                        log.error("SIGHUP: servers not re-bound: " + e.getMessage());
                    }
                }));
            }
            supervisor.start();
            log.info("supervisord started with pid " + ProcessHandle.current().pid());
            server.every(HeapShrinker.PERIOD, new HeapShrinker());
            supervisor.terminated().join();
            return supervisor.exitStatus(); // on_fatal=exit:N, after the ordered stop
        } finally {
            try {
                rebinding.close();
            } catch (Exception ignored) {
                // closing a listener registration cannot fail
            }
            rebinder.shutdown();
            server.close();
            deletePidfile(s.pidfile(), log);
        }
    }

    private Path configFile(CommandLine cl) throws MissingConfigException {
        if (cl.configuration().isPresent()) return cl.configuration().get();
        ConfigLocator locator = ConfigLocator.system();
        Optional<Path> found = locator.find();
        if (found.isEmpty()) throw new MissingConfigException(locator.notFoundMessage());
        return found.get();
    }

    /** Command-line values win over the file, as in supervisord. */
    private static SupervisorConfig applyOverrides(SupervisorConfig c, CommandLine cl) {
        SupervisordSettings s = c.supervisord();
        SupervisordSettings o = new SupervisordSettings(
                cl.logfile().<LogTarget>map(LogTarget.File::new).orElse(s.logfile()), s.logfileMaxBytes(), s.logfileBackups(),
                cl.loglevel().orElse(s.logLevel()), cl.pidfile().orElse(s.pidfile()), s.umask(),
                s.nodaemon() || cl.nodaemon(), s.silent() || cl.silent(), s.minfds(), s.minprocs(), s.nocleanup(), s.childlogdir(),
                s.user(), s.directory(), s.stripAnsi(), s.environment(), cl.identifier().orElse(s.identifier()));
        return new SupervisorConfig(c.source(), o, c.unixHttpServer(), c.inetHttpServer(), c.supervisorctl(), c.groups(),
                c.warnings());
    }

    private void writePidfile(Path pidfile) {
        if (pidfile == null) return;
        try {
            Files.writeString(pidfile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            err.println("could not write pidfile " + pidfile + ": " + e.getMessage());
        }
    }

    private static void deletePidfile(Path pidfile, ServerLog log) {
        if (pidfile == null) return;
        try {
            Files.deleteIfExists(pidfile);
        } catch (IOException e) {
            log.warn("could not remove pidfile " + pidfile + ": " + e.getMessage());
        }
    }

    private int usageError(String message) {
        err.println("Error: " + message);
        err.println("For help, use " + argv0 + " -h");
        return 2;
    }

    private static final class MissingConfigException extends Exception {
        MissingConfigException(String message) {
            super(message);
        }
    }

}
