package io.corridor.supervisor.ctl;

import java.util.List;

/**
 * The command line: {@code [-c FILE] [-s URL] [-u USER] [-p PASS] [-r FILE] [-i] [-h] [--json] [command args...]}.
 * Like supervisorctl (Python getopt), options end at the first word that is not one, so the command's own
 * arguments such as {@code tail -f} pass through. corridor's additions for several servers: {@code -s} given more
 * than once (each {@code URL} or {@code NAME=URL}), {@code --hosts FILE} and {@code --timeout SECONDS}.
 */
record CtlOptions(String configFile, List<String> serverUrls, String username, String password, String historyFile,
                  boolean interactive, boolean help, boolean json, List<String> command, String hostsFile,
                  int timeoutSeconds) {

    /** The single {@code -s} value, or null when none or several were given. */
    String serverUrl() {
        return serverUrls.size() == 1 ? serverUrls.getFirst() : null;
    }

    /** The option is not known or lacks its value; the message is supervisorctl's. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    static CtlOptions parse(String[] args) throws UsageException {
        String config = null;
        List<String> urls = new java.util.ArrayList<>(1);
        String hosts = null;
        int timeout = 0;
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
                    case "hosts" -> "hosts";
                    case "timeout" -> "timeout";
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
                case "c", "s", "u", "p", "r", "hosts", "timeout" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("option -" + name + " requires argument");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "c" -> config = value;
                        case "s" -> urls.add(value);
                        case "hosts" -> hosts = value;
                        case "timeout" -> timeout = seconds(value);
                        case "u" -> user = value;
                        case "p" -> pass = value;
                        default -> history = value;
                    }
                }
                default -> throw new UsageException("option -" + name + " not recognized");
            }
        }
        List<String> command = List.of(args).subList(i, args.length);
        for (String url : urls) {
            String bare = withoutName(url);
            if (!looksLikeUrl(bare) && !(urls.size() == 1 && isName(url))) {
                throw new UsageException("invalid value for -s '" + url + "': value '" + bare + "' is not a URL");
            }
        }
        return new CtlOptions(config, List.copyOf(urls), user, pass, history, interactive || command.isEmpty(), help,
                json, command, hosts, timeout);
    }

    /** The URL of a {@code NAME=URL} value (a URL itself has no '=' before its scheme's colon). */
    static String withoutName(String value) {
        int equals = value.indexOf('=');
        int colon = value.indexOf(':');
        return equals > 0 && (colon < 0 || equals < colon) ? value.substring(equals + 1) : value;
    }

    /** A lone {@code -s NAME}: one server of the configured {@code serverurls}, by name. */
    static boolean isName(String value) {
        for (int i = 0; i < value.length(); i++) {                // a loop, not a lambda: this is the start path
            char c = value.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '.' && c != '-') return false;
        }
        return !value.isEmpty();
    }

    private static int seconds(String value) throws UsageException {
        try {
            int seconds = Integer.parseInt(value);
            if (seconds > 0) return seconds;
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("invalid value for --timeout '" + value + "': a positive number of seconds");
    }

    /** supervisor.datatypes.url: a scheme and something after it. */
    private static boolean looksLikeUrl(String value) {
        int colon = value.indexOf(':');
        return colon > 0 && colon < value.length() - 1 && value.substring(0, colon).chars().allMatch(
                c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    }
}
