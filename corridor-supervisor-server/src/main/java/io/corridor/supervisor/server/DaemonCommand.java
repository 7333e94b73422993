package io.corridor.supervisor.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code corridor-supervisord daemon start|stop|status}: runs the supervisor in the background with a pidfile and a
 * logfile, the way the product's operations page describes Corridor's own daemons. No root, no systemd.
 * <p>
 * This runs in a short-lived launcher JVM, never in the supervisor itself, so starting the daemon with
 * {@link ProcessBuilder} is fine here (the supervisor avoids {@code Process} because of its per-child reaper threads).
 * Exit codes follow LSB: {@code status} 0 running, 3 stopped, 1 dead with a pidfile; {@code start}/{@code stop} 0 on
 * success (including "already running"/"not running"), 1 on failure, 2 on bad arguments.
 */
final class DaemonCommand {
    static final String USAGE = """
            Usage: corridor-supervisord daemon start|stop|status [options]
              -c, --configuration FILE  configuration file (default: the usual search, see docs/operations.md)
              --instance NAME           instance name (default: default)
              --logfile FILE            the supervisor's log (default: INSTALL_DIR/instances/NAME/logs/supervisord.log)
              --pidfile FILE            pidfile (default: INSTALL_DIR/instances/NAME/pids/supervisord.pid)
              --timeout SECONDS         how long start/stop wait (default: 60 for start, 300 for stop)""";

    private static final String MAIN_CLASS = "io.corridor.supervisor.server.Main";

    private final Path installDir;
    private final PrintStream out;
    private final PrintStream err;

    DaemonCommand(Path installDir, PrintStream out, PrintStream err) {
        this.installDir = installDir;
        this.out = out;
        this.err = err;
    }

    record Options(String action, Optional<Path> config, String instance, Path logfile, Path pidfile,
                   Optional<Duration> timeout) {
    }

    int run(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return switch (o.action()) {
                case "start" -> start(o);
                case "stop" -> stop(o);
                case "status" -> status(o);
                default -> throw new IllegalStateException(o.action());
            };
        } catch (IOException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    Options parse(String[] args) {
        if (args.length == 0) throw new IllegalArgumentException("daemon needs an action: start, stop or status");
        String action = args[0];
        if (!List.of("start", "stop", "status").contains(action)) {
            throw new IllegalArgumentException("unknown daemon action '" + action + "'");
        }
        Path config = null, logfile = null, pidfile = null;
        String instance = "default";
        Duration timeout = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String value;
            String name = a;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
                value = args[++i];
            }
            switch (name) {
                case "-c", "--configuration" -> config = Path.of(value).toAbsolutePath();
                case "--instance" -> {
                    if (value.isEmpty() || value.contains("/")) {
                        throw new IllegalArgumentException("invalid instance name '" + value + "'");
                    }
                    instance = value;
                }
                case "--logfile" -> logfile = Path.of(value).toAbsolutePath();
                case "--pidfile" -> pidfile = Path.of(value).toAbsolutePath();
                case "--timeout" -> {
                    try {
                        timeout = Duration.ofSeconds(Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--timeout needs a number of seconds, not '" + value + "'");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        Path instanceDir = installDir.resolve("instances").resolve(instance);
        return new Options(action, Optional.ofNullable(config), instance,
                logfile != null ? logfile : instanceDir.resolve("logs").resolve("supervisord.log"),
                pidfile != null ? pidfile : instanceDir.resolve("pids").resolve("supervisord.pid"),
                Optional.ofNullable(timeout));
    }

    private int status(Options o) throws IOException {
        OptionalLong pid = readPid(o.pidfile());
        if (pid.isEmpty()) {
            out.println("corridor-supervisord is stopped");
            return 3;
        }
        if (isOurs(pid.getAsLong())) {
            out.println("corridor-supervisord is running (pid " + pid.getAsLong() + ")");
            return 0;
        }
        out.println("corridor-supervisord is dead but its pidfile " + o.pidfile() + " remains (pid "
                + pid.getAsLong() + ")");
        return 1;
    }

    private int start(Options o) throws IOException, InterruptedException {
        OptionalLong existing = readPid(o.pidfile());
        if (existing.isPresent()) {
            long pid = existing.getAsLong();
            if (isOurs(pid)) {
                out.println("corridor-supervisord is already running (pid " + pid + ")");
                return 0;
            }
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                err.println("Error: pidfile " + o.pidfile() + " names pid " + pid
                        + ", a live process that is not corridor-supervisord; not starting");
                return 1;
            }
            out.println("Removing stale pidfile " + o.pidfile() + " (pid " + pid + " is not running)");
            Files.deleteIfExists(o.pidfile());
        }
        Files.createDirectories(o.logfile().getParent());
        Files.createDirectories(o.pidfile().getParent());
        List<String> run = new ArrayList<>(List.of("run", "--silent", "--logfile", o.logfile().toString(),
                "--pidfile", o.pidfile().toString()));
        o.config().ifPresent(c -> run.addAll(List.of("-c", c.toString())));
        int status = detach(run, o.pidfile(), o.logfile().resolveSibling(o.logfile().getFileName() + ".console"),
                o.timeout().orElse(Duration.ofSeconds(60)));
        if (status == 0) {
            out.println("  log: " + o.logfile());
            out.println("  pidfile: " + o.pidfile());
        }
        return status;
    }

    /** supervisord's daemonizing, for {@code corridor-supervisord} without {@code -n}. */
    int detach(List<String> runArguments, Path pidfile, Path console) {
        try {
            return detach(runArguments, pidfile, console, Duration.ofSeconds(60));
        } catch (IOException e) {
            err.println("Error: could not start corridor-supervisord in the background: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * Starts {@code bin/corridor-supervisord RUNARGS} in its own session, output to {@code console} (what the JVM
     * prints before its log is open: a config error, a bind failure), and waits until it has written its pid into
     * {@code pidfile}, which the supervisor does once its sockets are bound: that is "started".
     */
    private int detach(List<String> runArguments, Path pidfile, Path console, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("setsid"); // own session: no controlling terminal, not hit by the shell's Ctrl-C or hang-up
        command.add(installDir.resolve("bin").resolve("corridor-supervisord").toString());
        command.addAll(runArguments);
        Files.createDirectories(console.toAbsolutePath().getParent());
        Process child = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.to(console.toFile()))
                .redirectErrorStream(true)
                .start();

        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalLong pid = readPid(pidfile);
            if (pid.isPresent() && pid.getAsLong() == child.pid()) {
                out.println("corridor-supervisord started (pid " + child.pid() + ")");
                return 0;
            }
            if (!child.isAlive()) {
                err.println("Error: corridor-supervisord exited with status " + child.exitValue()
                        + " before it was ready:");
                err.print(readQuietly(console));
                return 1;
            }
            Thread.sleep(50);
        }
        err.println("Error: corridor-supervisord (pid " + child.pid() + ") did not become ready in "
                + timeout.toSeconds() + " s; see " + console);
        return 1;
    }

    private int stop(Options o) throws IOException, InterruptedException {
        OptionalLong pid = readPid(o.pidfile());
        if (pid.isEmpty()) {
            out.println("corridor-supervisord is not running");
            return 0;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.getAsLong());
        if (handle.isEmpty() || !isOurs(pid.getAsLong())) {
            out.println("corridor-supervisord is not running (removing stale pidfile " + o.pidfile() + ")");
            Files.deleteIfExists(o.pidfile());
            return 0;
        }
        out.println("Stopping corridor-supervisord (pid " + pid.getAsLong() + ")...");
        handle.get().destroy(); // SIGTERM: the supervisor stops its children in reverse priority order, then exits
        long deadline = System.nanoTime() + o.timeout().orElse(Duration.ofSeconds(300)).toNanos();
        while (handle.get().isAlive()) {
            if (System.nanoTime() > deadline) {
                err.println("Error: corridor-supervisord (pid " + pid.getAsLong() + ") is still stopping its "
                        + "processes; not killing it (children would be orphaned). Try again later.");
                return 1;
            }
            Thread.sleep(50);
        }
        Files.deleteIfExists(o.pidfile());
        out.println("corridor-supervisord stopped");
        return 0;
    }

    private static OptionalLong readPid(Path pidfile) throws IOException {
        try {
            String s = Files.readString(pidfile, StandardCharsets.US_ASCII).strip();
            return s.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(s));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.of(-1);
        }
    }

    /** A live process running our main class: a reused pid of another program does not count. */
    private static boolean isOurs(long pid) {
        if (pid <= 0) return false;
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).contains(MAIN_CLASS);
        } catch (IOException e) {
            return false;
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
