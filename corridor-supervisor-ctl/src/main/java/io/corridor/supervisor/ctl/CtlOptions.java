package io.corridor.supervisor.ctl;

import java.util.List;

/**
 * The command line: {@code [-c FILE] [-s URL] [-u USER] [-p PASS] [-r FILE] [-i] [-h] [--json] [command args...]}.
 * Like supervisorctl (Python getopt), options end at the first word that is not one, so the command's own
 * arguments such as {@code tail -f} pass through.
 */
record CtlOptions(String configFile, String serverUrl, String username, String password, String historyFile,
                  boolean interactive, boolean help, boolean json, List<String> command) {

    /** The option is not known or lacks its value; the message is supervisorctl's. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    static CtlOptions parse(String[] args) throws UsageException {
        String config = null;
        String url = null;
        String user = null;
        String pass = null;
        String history = null;
        boolean interactive = false;
        boolean help = false;
        boolean json = false;
        int i = 0;
        for (; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            String name;
            String value = null;
            if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
                value = equals < 0 ? null : arg.substring(equals + 1);
                name = switch (name) {
                    case "configuration" -> "c";
                    case "serverurl" -> "s";
                    case "username" -> "u";
                    case "password" -> "p";
                    case "history_file", "history-file" -> "r";
                    case "interactive" -> "i";
                    case "help" -> "h";
                    case "json" -> "json";
                    default -> throw new UsageException("option " + arg.substring(0, equals < 0 ? arg.length() : equals)
                            + " not recognized");
                };
            } else {
                name = arg.substring(1, 2);
                if (arg.length() > 2) {
                    value = arg.substring(2);
                }
            }
            switch (name) {
                case "i" -> interactive = true;
                case "h", "?" -> help = true;
                case "json" -> json = true;
                case "c", "s", "u", "p", "r" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("option -" + name + " requires argument");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "c" -> config = value;
                        case "s" -> url = value;
                        case "u" -> user = value;
                        case "p" -> pass = value;
                        default -> history = value;
                    }
                }
                default -> throw new UsageException("option -" + name + " not recognized");
            }
        }
        List<String> command = List.of(args).subList(i, args.length);
        if (url != null && !looksLikeUrl(url)) {
            throw new UsageException("invalid value for -s '" + url + "': value '" + url + "' is not a URL");
        }
        return new CtlOptions(config, url, user, pass, history, interactive || command.isEmpty(), help, json, command);
    }

    /** supervisor.datatypes.url: a scheme and something after it. */
    private static boolean looksLikeUrl(String value) {
        int colon = value.indexOf(':');
        return colon > 0 && colon < value.length() - 1 && value.substring(0, colon).chars().allMatch(
                c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    }
}
