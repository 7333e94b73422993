package io.corridor.supervisor.config;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code corridor-supervisord check [-c FILE] [--verbose]}: validates the configuration and prints the effective
 * programs, one line each (or every expanded setting with {@code --verbose}); warnings go to stderr. Exit status 0
 * when valid, 2 when invalid or not found (supervisord's usage-error status).
 */
public final class CheckCommand {
    public static final int OK = 0;
    public static final int INVALID = 2;

    private CheckCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, ConfigLocator.system(), LoadContext.system(System.getenv()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, ConfigLocator locator, LoadContext context) {
        Path file = null;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("check") && i == 0) continue;
            if (arg.equals("-v") || arg.equals("--verbose")) {
                verbose = true;
            } else if (arg.equals("-c") || arg.equals("--configuration")) {
                if (i + 1 >= args.length) return usage(err, "option " + arg + " requires argument");
                file = Path.of(args[++i]);
            } else if (arg.startsWith("--configuration=")) {
                file = Path.of(arg.substring("--configuration=".length()));
            } else if (arg.startsWith("-c") && arg.length() > 2) {
                file = Path.of(arg.substring(2));
            } else if (arg.equals("-h") || arg.equals("--help")) {
                out.println("usage: corridor-supervisord check [-c FILE] [--verbose]");
                out.println("Validates the configuration and prints the programs it defines.");
                return OK;
            } else {
                return usage(err, "option " + arg + " not recognized");
            }
        }
        try {
            if (file == null) file = locator.require();
            SupervisorConfig config = ConfigLoader.load(file, context);
            for (ConfigWarning warning : config.warnings()) err.println("WARN " + warning);
            print(config, verbose, out);
            return OK;
        } catch (ConfigException e) {
            err.println("Error: " + e.getMessage());
            return INVALID;
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("Error: " + message);
        err.println("usage: corridor-supervisord check [-c FILE] [--verbose]");
        return INVALID;
    }

    private static void print(SupervisorConfig config, boolean verbose, PrintStream out) {
        int width = Math.max(30, config.groups().stream().flatMap(g -> g.processes().stream())
                .mapToInt(p -> p.namespec().length()).max().orElse(0)) + 3;
        for (GroupSpec group : config.groups()) {
            for (ProcessSpec p : group.processes()) {
                String pool = group.eventPool().map(e -> " events=" + e.events().stream().map(Enum::name).sorted()
                        .collect(java.util.stream.Collectors.joining(",")) + " buffer_size=" + e.bufferSize())
                        .orElse("");
                out.println(String.format("%-" + width + "s", p.namespec()) + "group=" + group.name()
                        + " priority=" + p.priority() + " autostart=" + p.autostart() + pool
                        + " command=" + shellQuote(p.argv()));
                if (verbose) printSpec(p, out);
            }
        }
    }

    private static void printSpec(ProcessSpec p, PrintStream out) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("name", p.name());
        fields.put("group", p.groupName());
        fields.put("program", p.programName());
        fields.put("process_num", p.processNum());
        fields.put("command", p.command());
        fields.put("argv", p.argv().stream().map(PyText::repr).collect(Collectors.joining(", ", "[", "]")));
        fields.put("priority", p.priority());
        fields.put("autostart", p.autostart());
        fields.put("startsecs", p.startSecs());
        fields.put("startretries", p.startRetries());
        fields.put("autorestart", p.autoRestart().name().toLowerCase(java.util.Locale.ROOT));
        fields.put("exitcodes", p.exitCodes().stream().map(String::valueOf).collect(Collectors.joining(",")));
        fields.put("stopsignal", io.corridor.supervisor.os.Signals.name(p.stopSignal()));
        fields.put("stopwaitsecs", p.stopWaitSecs());
        fields.put("stopasgroup", p.stopAsGroup());
        fields.put("killasgroup", p.killAsGroup());
        fields.put("user", p.user().orElse("(none)"));
        fields.put("redirect_stderr", p.redirectStderr());
        logFields("stdout", p.stdout(), fields);
        logFields("stderr", p.stderr(), fields);
        fields.put("environment", p.environment().entrySet().stream()
                .map(e -> e.getKey() + "=" + PyText.repr(e.getValue())).collect(Collectors.joining(",")));
        fields.put("directory", p.directory().orElse("(none)"));
        fields.put("umask", p.umask().isPresent() ? String.format("%03o", p.umask().getAsInt()) : "(none)");
        fields.put("serverurl", p.serverUrl());
        fields.put("source", p.sourceFile() + ":" + p.sourceLine());
        fields.forEach((k, v) -> out.println("    " + k + " = " + v));
    }

    private static void logFields(String stream, LogSpec log, Map<String, Object> fields) {
        fields.put(stream + "_logfile", switch (log.target()) {
            case LogTarget.Auto a -> "AUTO";
            case LogTarget.None n -> "NONE";
            case LogTarget.Syslog s -> "syslog";
            case LogTarget.File f -> f.path().toString();
        });
        fields.put(stream + "_logfile_maxbytes", log.maxBytes());
        fields.put(stream + "_logfile_backups", log.backups());
        fields.put(stream + "_capture_maxbytes", log.captureMaxBytes());
        fields.put(stream + "_events_enabled", log.eventsEnabled());
        fields.put(stream + "_syslog", log.syslog());
    }

    /** argv as a shell would need it typed: bare when safe, else single-quoted. */
    static String shellQuote(List<String> argv) {
        return argv.stream().map(a -> !a.isEmpty() && a.matches("[A-Za-z0-9_@%+=:,./-]+") ? a
                : "'" + a.replace("'", "'\"'\"'") + "'").collect(Collectors.joining(" "));
    }
}
