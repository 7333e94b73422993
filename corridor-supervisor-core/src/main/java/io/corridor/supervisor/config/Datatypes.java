package io.corridor.supervisor.config;

import io.corridor.supervisor.os.Signals;
import io.corridor.supervisor.os.Users;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * supervisord's value coercions ({@code supervisor/datatypes.py}), same accepted forms, same error texts.
 * Each throws {@link ValueError}; callers add the location.
 */
final class Datatypes {
    private static final List<String> TRUTHY = List.of("yes", "true", "on", "1");
    private static final List<String> FALSY = List.of("no", "false", "off", "0");
    private static final Pattern PY_INT = Pattern.compile("[+-]?[0-9]+(?:_[0-9]+)*");
    private static final Pattern PY_OCTAL = Pattern.compile("[+-]?(?:0[oO]_?)?[0-7]+(?:_[0-7]+)*");

    private Datatypes() {}

    /** Names of programs and groups end up in namespecs and URLs, so these three characters are refused. */
    static String processOrGroupName(String name) {
        String s = PyText.strip(name);
        for (char c : new char[] {' ', ':', '/'}) {
            if (s.indexOf(c) >= 0) {
                throw new ValueError("Invalid name: " + PyText.repr(name) + " because of character: "
                        + PyText.repr(String.valueOf(c)));
            }
        }
        return s;
    }

    /** Python's {@code int(value)}: surrounding whitespace, a sign and {@code _} between digits are fine. */
    static int integer(String value) {
        String s = PyText.strip(value);
        if (!PY_INT.matcher(s).matches()) {
            throw new ValueError("invalid literal for int() with base 10: " + PyText.repr(value));
        }
        BigInteger big = new BigInteger(s.replace("_", ""));
        if (big.bitLength() > 31) throw new ValueError("integer " + s + " is out of range");
        return big.intValue();
    }

    static boolean bool(String value) {
        String s = value.toLowerCase(Locale.ROOT);
        if (TRUTHY.contains(s)) return true;
        if (FALSY.contains(s)) return false;
        throw new ValueError("not a valid boolean value: " + PyText.repr(value));
    }

    /** {@code 1024}, {@code 50MB}, {@code 1kb}, {@code 2GB}: 1024-based, integers only. */
    static long byteSize(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (v.endsWith("kb")) multiplier = 1024L;
        else if (v.endsWith("mb")) multiplier = 1024L * 1024;
        else if (v.endsWith("gb")) multiplier = 1024L * 1024 * 1024;
        String number = multiplier == 1 ? v : v.substring(0, v.length() - 2);
        String s = PyText.strip(number);
        if (!PY_INT.matcher(s).matches()) {
            throw new ValueError("invalid literal for int() with base 10: " + PyText.repr(number));
        }
        return Long.parseLong(s.replace("_", "")) * multiplier;
    }

    /** Python's {@code int(arg, 8)}: {@code 022}, {@code 0o22}, {@code 22}. */
    static int octal(String value) {
        String s = PyText.strip(value);
        if (!PY_OCTAL.matcher(s).matches()) throw new ValueError(value + " can not be converted to an octal type");
        String digits = s.replace("_", "").replaceFirst("^([+-]?)0[oO]", "$1");
        return Integer.parseInt(digits, 8);
    }

    static int signal(String value) {
        String s = PyText.strip(value);
        boolean numeric = PY_INT.matcher(s).matches();
        OptionalInt number = Signals.parse(s);
        if (number.isEmpty()) {
            throw new ValueError("value " + PyText.repr(value) + " is not a valid signal "
                    + (numeric ? "number" : "name"));
        }
        return number.getAsInt();
    }

    static List<Integer> exitCodes(String value) {
        List<Integer> codes = new ArrayList<>();
        if (value.isEmpty()) return codes;
        try {
            for (String part : value.split(",", -1)) {
                int code = integer(part);
                if (code < 0 || code > 255) throw new ValueError("Invalid exit code \"" + code + "\"");
                codes.add(code);
            }
        } catch (ValueError e) {
            throw new ValueError("not a valid list of exit codes: " + PyText.repr(value));
        }
        return codes;
    }

    static AutoRestart autoRestart(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (TRUTHY.contains(v)) return AutoRestart.TRUE;
        if (FALSY.contains(v)) return AutoRestart.FALSE;
        if (v.equals("unexpected")) return AutoRestart.UNEXPECTED;
        throw new ValueError("invalid 'autorestart' value " + PyText.repr(v));
    }

    /** A user name or numeric uid that exists in the passwd database; the value is returned as written. */
    static String user(String value) {
        boolean numeric = PY_INT.matcher(PyText.strip(value)).matches();
        String lookup = numeric ? String.valueOf(integer(value)) : value;
        if (Users.lookup(lookup).isEmpty()) {
            throw new ValueError((numeric ? "Invalid user id " : "Invalid user name ") + value);
        }
        return value;
    }

    static LogLevel logLevel(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "critical" -> LogLevel.CRITICAL;
            case "error" -> LogLevel.ERROR;
            case "warn" -> LogLevel.WARN;
            case "info" -> LogLevel.INFO;
            case "debug" -> LogLevel.DEBUG;
            case "trace" -> LogLevel.TRACE;
            case "blather" -> LogLevel.BLATHER;
            default -> throw new ValueError("bad logging level name " + PyText.repr(value));
        };
    }

    /** {@code ~} and {@code ~user} at the start, as {@code os.path.expanduser}. */
    static String expandUser(String path, Map<String, String> env) {
        if (!path.startsWith("~")) return path;
        int slash = path.indexOf('/');
        String userPart = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String rest = slash < 0 ? "" : path.substring(slash);
        String home;
        if (userPart.isEmpty()) {
            home = env.get("HOME");
            if (home == null) home = Users.lookup(String.valueOf(Users.currentUid())).map(u -> u.home()).orElse(null);
        } else {
            home = Users.lookup(userPart).map(u -> u.home()).orElse(null);
        }
        if (home == null) return path;
        String trimmed = home.endsWith("/") && home.length() > 1 ? home.substring(0, home.length() - 1) : home;
        return trimmed.equals("/") && !rest.isEmpty() ? rest : trimmed + rest;
    }

    static Path existingDirectory(String value, Map<String, String> env) {
        String expanded = expandUser(value, env);
        if (Files.isDirectory(Path.of(expanded))) return Path.of(expanded);
        throw new ValueError(value + " is not an existing directory");
    }

    /** A file path whose directory must exist (a bare file name is relative to the working directory). */
    static Path existingDirpath(String value, Map<String, String> env, Path cwd) {
        String expanded = expandUser(value, env);
        int slash = expanded.lastIndexOf('/');
        String dir = slash < 0 ? "" : slash == 0 ? "/" : expanded.substring(0, slash);
        if (dir.isEmpty() || Files.isDirectory(cwd.resolve(dir))) return Path.of(expanded);
        throw new ValueError("The directory named as part of the path " + value + " does not exist");
    }

    /** {@code AUTO} (default), {@code NONE}/{@code OFF}, or a path whose directory exists. Never syslog. */
    static LogTarget logfile(String value, Map<String, String> env, Path cwd) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("none") || v.equals("off")) return LogTarget.NONE;
        if (v.equals("auto")) return LogTarget.AUTO;
        return new LogTarget.File(existingDirpath(value, env, cwd));
    }

    /** {@code host:port}, {@code :port}, {@code *:port} or {@code port}; host lowercased, empty for all interfaces. */
    record InetAddress(String host, int port) {}

    static InetAddress inetAddress(String value) {
        String host = "";
        int port;
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            host = value.substring(0, colon);
            String portText = value.substring(colon + 1);
            if (portText.isEmpty()) throw new ValueError("no port number specified in " + PyText.repr(portText));
            port = portNumber(portText);
            host = host.toLowerCase(Locale.ROOT);
        } else {
            try {
                port = portNumber(value);
            } catch (ValueError e) {
                throw new ValueError("not a valid port number: " + PyText.repr(value) + " ");
            }
        }
        if (host.equals("*")) host = "";
        return new InetAddress(host, port);
    }

    private static int portNumber(String value) {
        int port = integer(value);
        if (port < 1) throw new ValueError(port + " is below lower bound (1)");
        if (port > 0xffff) throw new ValueError(port + " is above upper bound (65535)");
        return port;
    }

    /** {@code http://host:port} or {@code unix:///path}: a scheme and something after it. */
    static String url(String value) {
        String uri = PyText.strip(value.replaceFirst("^unix://", "http://"));
        int colon = uri.indexOf(':');
        boolean hasScheme = colon > 0 && uri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        if (hasScheme && colon + 1 < uri.length()) return value;
        throw new ValueError("value " + PyText.repr(value) + " is not a URL");
    }

    /** {@code a, b ,c} → [a, b, c]; empty → []. */
    static List<String> listOfStrings(String value) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isEmpty()) return out;
        for (String part : value.split(",", -1)) out.add(PyText.strip(part));
        return out;
    }

    /**
     * {@code KEY=val,KEY2="v, 2"}: POSIX shlex tokens that must come as {@code KEY = VALUE} triples separated by one
     * token (normally {@code ,}). Order is kept; a repeated key keeps its first position and its last value. As in
     * Supervisor 4.4 the lexer already removed the quotes, so {@code D="esc \\"q\\""} gives {@code esc "q"}.
     */
    static Map<String, String> keyValuePairs(String value) {
        List<String> tokens;
        try {
            tokens = Shlex.tokens(value, "/.+-():");
        } catch (IllegalArgumentException e) {
            throw new ValueError(e.getMessage());
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i += 4) {
            if (i + 3 > tokens.size() || !tokens.get(i + 1).equals("=")) {
                throw new ValueError("Unexpected end of key/value pairs in value '" + value + "'");
            }
            pairs.put(tokens.get(i), tokens.get(i + 2));
        }
        return pairs;
    }
}
