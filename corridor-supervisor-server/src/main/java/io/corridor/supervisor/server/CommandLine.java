package io.corridor.supervisor.server;

import io.corridor.supervisor.config.LogLevel;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * supervisord's command line: {@code -c FILE}, {@code -n}, {@code -l LOGFILE}, {@code -e LEVEL}, {@code -j PIDFILE},
 * {@code -i IDENTIFIER}, {@code -v}, {@code -h} (long forms too, {@code --opt=value} or {@code --opt value}).
 * Options supervisord has but this server does not act on yet are refused with a clear message rather than ignored.
 */
public record CommandLine(
        Optional<Path> configuration,
        boolean nodaemon,
        Optional<Path> logfile,
        Optional<LogLevel> loglevel,
        Optional<Path> pidfile,
        Optional<String> identifier,
        boolean silent,
        boolean version,
        boolean help) {

    public static final String USAGE = """
            corridor-supervisord -- run a set of applications as daemons (supervisord-compatible).

            Usage: corridor-supervisord [options]
                   corridor-supervisord check [-c FILE] [--verbose]
                   corridor-supervisord run [options]      (same as -n)
                   corridor-supervisord daemon start|stop|status [--instance NAME] [--logfile F] [--pidfile F]

            Options:
            -c/--configuration FILENAME -- configuration file path (searches if not given)
            -n/--nodaemon -- run in the foreground (same as nodaemon=true in the config file)
            -s/--silent -- no logs to stdout (maps to silent=true in the config file)
            -h/--help -- print this usage message and exit
            -v/--version -- print the version number and exit
            -l/--logfile FILENAME -- use FILENAME as logfile path
            -e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)
            -j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME
            -i/--identifier STR -- identifier used for this instance of supervisord
            """;

    /** A command line supervisord would refuse; Main prints it after {@code Error: } and exits 2. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static CommandLine parse(String[] args) throws UsageException {
        Optional<Path> configuration = Optional.empty(), logfile = Optional.empty(), pidfile = Optional.empty();
        Optional<LogLevel> loglevel = Optional.empty();
        Optional<String> identifier = Optional.empty();
        boolean nodaemon = false, silent = false, version = false, help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inlineValue = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                inlineValue = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            switch (arg) {
                case "-n", "--nodaemon" -> nodaemon = true;
                case "-s", "--silent" -> silent = true;
                case "-v", "--version" -> version = true;
                case "-h", "-?", "--help" -> help = true;
                case "-c", "--configuration" -> configuration = Optional.of(Path.of(value(args, ++i, arg, inlineValue)));
                case "-l", "--logfile" -> logfile = Optional.of(Path.of(value(args, ++i, arg, inlineValue)));
                case "-j", "--pidfile" -> pidfile = Optional.of(Path.of(value(args, ++i, arg, inlineValue)));
                case "-i", "--identifier" -> identifier = Optional.of(value(args, ++i, arg, inlineValue));
                case "-e", "--loglevel" -> loglevel = Optional.of(level(value(args, ++i, arg, inlineValue)));
                default -> {
                    if (arg.startsWith("-")) throw new UsageException("option " + arg + " not recognized");
                    throw new UsageException("positional arguments are not supported: ['" + arg + "']");
                }
            }
            if (inlineValue != null && !takesValue(arg)) throw new UsageException("option " + arg + " must not have an argument");
            if (inlineValue != null) i--;   // the value was inline, not the next argument
        }
        return new CommandLine(configuration, nodaemon, logfile, loglevel, pidfile, identifier, silent, version, help);
    }

    private static boolean takesValue(String opt) {
        return switch (opt) {
            case "--configuration", "--logfile", "--pidfile", "--identifier", "--loglevel" -> true;
            default -> false;
        };
    }

    private static String value(String[] args, int i, String opt, String inline) throws UsageException {
        if (inline != null) return inline;
        if (i >= args.length) throw new UsageException("option " + opt + " requires argument");
        return args[i];
    }

    /** supervisord's level names ({@code warn}, {@code crit}, {@code debg} ... and the long ones). */
    static LogLevel level(String s) throws UsageException {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "critical", "crit" -> LogLevel.CRITICAL;
            case "error", "erro" -> LogLevel.ERROR;
            case "warn", "warning" -> LogLevel.WARN;
            case "info" -> LogLevel.INFO;
            case "debug", "debg" -> LogLevel.DEBUG;
            case "trace", "trac" -> LogLevel.TRACE;
            case "blather", "blat" -> LogLevel.BLATHER;
            default -> throw new UsageException("bad loglevel '" + s + "'");
        };
    }
}
