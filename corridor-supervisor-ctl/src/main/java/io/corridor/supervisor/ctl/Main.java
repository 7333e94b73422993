package io.corridor.supervisor.ctl;

import io.corridor.supervisor.config.CtlSettings;
import io.corridor.supervisor.config.FleetSettings;
import io.corridor.supervisor.config.ServerList;
import io.corridor.supervisor.ctl.fleet.Fleet;
import io.corridor.supervisor.ctl.rpc.ClientSecurity;
import io.corridor.supervisor.ctl.command.CommandTable;
import io.corridor.supervisor.ctl.config.CtlConfigException;
import io.corridor.supervisor.ctl.config.CtlConfigLoader;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** corridorctl: a supervisorctl-compatible client speaking XML-RPC to supervisord (or corridor-supervisord). */
public final class Main {
    static final String PROGRAM = "corridorctl";

    private static final String USAGE = """
            corridorctl -- control applications run by supervisord from the cmd line.

            Usage: corridorctl [options] [action [arguments]]

            Options:
            -c/--configuration FILENAME -- configuration file path (searches if not given)
            -h/--help -- print usage message and exit
            -i/--interactive -- start an interactive shell after executing commands
            -s/--serverurl URL -- URL on which supervisord server is listening
                 (default "http://localhost:9001"); give it more than once, as URL or
                 NAME=URL, to talk to several servers, or NAME to pick one of serverurls.
            -u/--username USERNAME -- username to use for authentication with server
            -p/--password PASSWORD -- password to use for authentication with server
            -r/--history-file -- accepted for compatibility (no readline history)
            --json -- print each command's result as one JSON document
            --hosts FILE -- talk to the servers listed in FILE (NAME=URL per line)
            --timeout SECONDS -- how long each of several servers has to answer (default 30)

            action [arguments] -- see below

            Actions are commands like "tail" or "stop".  If -i is specified or no action is
            specified on the command line, a "shell" interpreting actions typed
            interactively is started.  Use the action "help" to find out about available
            actions.
            """;

    private Main() {}

    public static void main(String[] args) {
        nameTheSelectorProvider();
        Thread warmUp = new Thread(new UnixSocketWarmUp(), "unix-socket-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 16384),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = run(args, System.in, out, err, System.getenv(), System.getProperty("corridor.home"), false);
        out.flush();
        err.flush();
        // halt, not exit: nothing needs shutdown hooks here, and System.exit's logging machinery costs
        // a few milliseconds of class loading in a client whose start-up is its latency
        Runtime.getRuntime().halt(status);
    }

    private static final String SELECTOR_PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";

    /**
     * Without this property the JDK looks for a SelectorProvider with a ServiceLoader scan of the class path (~6 ms
     * in a cold JVM) before it takes its own default; naming that default skips the scan. Only if it exists here.
     */
    private static void nameTheSelectorProvider() {
        String linuxDefault = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(SELECTOR_PROVIDER_PROPERTY) != null) {
            return;
        }
        try {
            Class.forName(linuxDefault, false, null);
            System.setProperty(SELECTOR_PROVIDER_PROPERTY, linuxDefault);
        } catch (ClassNotFoundException notLinux) {
            // another platform or JDK: the scan it is
        }
    }

    /**
     * Opens (and closes) a Unix-domain socket channel, on a second thread while the first reads the options and the
     * config file. The first such channel in a JVM initialises the JDK's Unix-socket support, whose static
     * SecureRandom loads the security providers: ~25 ms of a cold client's ~80, spent in parallel this way. The
     * real connection waits for that initialisation if it is still running; nothing else is shared.
     */
    private static final class UnixSocketWarmUp implements Runnable {
        @Override
        public void run() {
            try {
                java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX).close();
            } catch (Exception ignored) {
                // only a head start: whatever went wrong, the real connection meets it again and reports it
            }
        }
    }

    /** Runs one invocation in-process; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err, System.getenv(), System.getProperty("corridor.home"));
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
                          Map<String, String> environment, String corridorHome) {
        return run(args, in, out, err, environment, corridorHome, true);
    }

    /**
     * @param closeConnection false when the JVM halts right after: closing a blocking SocketChannel costs ~3 ms of
     *                        cold JDK code, and the kernel closes the socket with the process anyway
     */
    private static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
                           Map<String, String> environment, String corridorHome, boolean closeConnection) {
        CtlOptions options;
        CtlSettings settings;
        try {
            options = CtlOptions.parse(args);
            if (options.help()) {
                out.print(USAGE);
                out.flush();
                return ExitStatus.SUCCESS;
            }
            settings = new CtlConfigLoader(environment, corridorHome).load(options.configFile());
        } catch (CtlOptions.UsageException | CtlConfigException e) {
            err.print("Error: " + e.getMessage() + "\nFor help, use " + PROGRAM + " -h\n");
            err.flush();
            return ExitStatus.INVALID_ARGS;
        }
        Console console = new Console(out, err, options.json());
        LineInput input = new LineInput(in, console);
        String username = options.username() != null ? options.username() : settings.username().orElse(null);
        String password = options.password() != null ? options.password() : settings.password().orElse(null);
        FleetSettings fleetSettings = settings.fleet();
        ClientSecurity security = fleetSettings == FleetSettings.NONE ? ClientSecurity.NONE
                : new ClientSecurity(fleetSettings.cafile(), fleetSettings.certfile(), fleetSettings.keyfile(),
                fleetSettings.token());
        List<ServerList.Server> servers;
        try {
            servers = Servers.chosen(options, fleetSettings);
        } catch (CtlOptions.UsageException e) {
            err.print("Error: " + e.getMessage() + "\nFor help, use " + PROGRAM + " -h\n");
            err.flush();
            return ExitStatus.INVALID_ARGS;
        }
        if (servers.size() > 1) {
            Fleet fleet = new Fleet(servers, console, CommandTable.standard(), input, username, password, security,
                    Duration.ofSeconds(options.timeoutSeconds() > 0 ? options.timeoutSeconds()
                            : fleetSettings.timeoutSeconds()));
            if (!options.command().isEmpty()) {
                fleet.onecmd(String.join(" ", options.command()));
                console.flush();
                return fleet.exitStatus();
            }
            new Shell(fleet, input, settings.prompt() + "> ").run();
            console.flush();
            return ExitStatus.SUCCESS;
        }
        Controller controller = new Controller(console, CommandTable.standard(), input, options.interactive(),
                servers.isEmpty() ? settings.serverUrl() : servers.getFirst().url(), username, password, security);
        try {
            if (!options.command().isEmpty()) {
                controller.onecmd(String.join(" ", options.command()));
                console.flush();
                return controller.exitStatus();
            }
            new Shell(controller, input, settings.prompt() + "> ").run();
            console.flush();
            return ExitStatus.SUCCESS;                     // supervisorctl: the shell always exits 0
        } finally {
            if (closeConnection) {
                controller.close();
            }
        }
    }
}
