package io.corridor.supervisor.config;

import io.corridor.supervisor.config.ReadinessSpec.HealthAction;
import io.corridor.supervisor.config.ReadinessSpec.HealthCheck;
import io.corridor.supervisor.config.ReadinessSpec.HealthSpec;
import io.corridor.supervisor.config.ReadinessSpec.ReadyCheck;
import io.corridor.supervisor.config.RestartPolicy.Backoff;
import io.corridor.supervisor.config.RestartPolicy.OnFatal;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Corridor's extensions of {@code [program:x]} (docs/configuration.md, "Corridor extensions"): readiness,
 * dependencies, health checks, failure policy and environment files. supervisord ignores these keys, so a file that
 * uses them still loads there. Every bad value is a {@link ConfigException} at the key's file and line.
 */
final class CorridorKeysReader {
    private final SectionValues v;
    private final Map<String, Object> expansions;

    CorridorKeysReader(SectionValues v, Map<String, Object> expansions) {
        this.v = v;
        this.expansions = expansions;
    }

    ReadinessSpec readiness() throws ConfigException {
        List<String> dependsOn = new ArrayList<>();
        for (String name : v.get("depends_on", "", expansions, Datatypes::listOfStrings)) {
            if (name.isEmpty()) continue;
            v.convert("depends_on", name, CorridorKeysReader::dependencyName);
            dependsOn.add(name);
        }
        ReadyCheck ready = v.get("ready_check", "startsecs", expansions, CorridorKeysReader::readyCheck);
        Duration readyTimeout = v.get("ready_timeout", "60", expansions, CorridorKeysReader::seconds);
        HealthCheck check = v.get("health_check", "", expansions, CorridorKeysReader::healthCheck);
        Duration interval = v.get("health_interval", "10", expansions, CorridorKeysReader::positiveSeconds);
        Duration timeout = v.get("health_timeout", "5", expansions, CorridorKeysReader::positiveSeconds);
        int retries = v.get("health_retries", "3", expansions, s -> positive(Datatypes.integer(s)));
        HealthAction action = v.get("health_action", "restart", expansions,
                s -> choice(s, HealthAction.class, "restart, stop or none"));
        if (check instanceof HealthCheck.None) {
            for (String key : List.of("health_interval", "health_timeout", "health_retries", "health_action")) {
                if (v.has(key)) throw v.error(key, key + " needs a health_check");
            }
        }
        return new ReadinessSpec(List.copyOf(dependsOn), ready, readyTimeout,
                new HealthSpec(check, interval, timeout, retries, action));
    }

    RestartPolicy restartPolicy() throws ConfigException {
        Backoff backoff = v.get("backoff", "linear", expansions, s -> choice(s, Backoff.class, "linear or exponential"));
        Duration backoffMax = v.get("backoff_max", "0", expansions, CorridorKeysReader::seconds);
        Duration fatalRetryAfter = v.get("fatal_retry_after", "0", expansions, CorridorKeysReader::seconds);
        Duration minRestart = v.get("min_restart_interval", "1", expansions, CorridorKeysReader::seconds);
        OnFatal onFatal = v.get("on_fatal", "ignore", expansions, CorridorKeysReader::onFatal);
        return new RestartPolicy(backoff, backoffMax, fatalRetryAfter, minRestart, onFatal);
    }

    List<EnvironmentFile> environmentFiles() throws ConfigException {
        List<EnvironmentFile> files = new ArrayList<>();
        for (String entry : v.get("environment_file", "", v.withHereOf("environment_file", expansions),
                Datatypes::listOfStrings)) {
            if (entry.isEmpty()) continue;
            boolean optional = entry.startsWith("-");
            String path = optional ? entry.substring(1) : entry;
            if (!path.startsWith("/")) {
                throw v.error("environment_file", "environment_file " + PyText.repr(entry)
                        + " is not an absolute path (use %(here)s for a path next to this file)");
            }
            files.add(new EnvironmentFile(Path.of(path).normalize(), optional));
        }
        return List.copyOf(files);
    }

    /** {@code startretries}: supervisord's integer, or {@code infinite}. */
    static int startRetries(String value) {
        if (PyText.strip(value).equalsIgnoreCase("infinite")) return Integer.MAX_VALUE;
        int n = Datatypes.integer(value);
        if (n < 0) throw new ValueError("startretries must be 0 or more, or infinite: " + PyText.repr(value));
        return n;
    }

    private static String dependencyName(String name) {
        String[] parts = name.split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty() || parts.length == 2 && parts[1].isEmpty()) {
            throw new ValueError("depends_on: " + PyText.repr(name) + " is not a program, group:* or group:process");
        }
        return name;
    }

    static ReadyCheck readyCheck(String value) {
        String s = PyText.strip(value);
        if (s.equals("startsecs")) return new ReadyCheck.StartSecs();
        if (s.equals("notify")) return new ReadyCheck.Notify();
        if (s.startsWith("fd:")) {
            int fd = Datatypes.integer(s.substring(3));
            if (fd < 3) throw new ValueError("ready_check fd:" + fd + ": the descriptor must be 3 or more (0-2 are stdio)");
            if (fd > 1023) throw new ValueError("ready_check fd:" + fd + ": the descriptor must be below 1024");
            return new ReadyCheck.Fd(fd);
        }
        Probe probe = probe(s, "ready_check", "startsecs, notify, fd:N, tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND");
        return new ReadyCheck.Polled(probe);
    }

    static HealthCheck healthCheck(String value) {
        String s = PyText.strip(value);
        if (s.isEmpty()) return new HealthCheck.None();
        if (s.equals("watchdog")) return new HealthCheck.Watchdog();
        return new HealthCheck.Polled(probe(s, "health_check", "watchdog, tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND"));
    }

    private static Probe probe(String s, String key, String forms) {
        if (s.startsWith("tcp:")) {
            String rest = s.substring(4);
            int colon = rest.lastIndexOf(':');
            String host = colon < 0 ? "" : rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            if (colon < 0 || host.isEmpty()) throw new ValueError(key + " " + PyText.repr(s) + ": expected tcp:HOST:PORT");
            return new Probe.Tcp(host, port(rest.substring(colon + 1), key, s));
        }
        if (s.startsWith("http://")) {
            try {
                URI uri = new URI(s);
                if (uri.getHost() == null) throw new ValueError(key + " " + PyText.repr(s) + ": no host");
                if (uri.getPort() > 65535) throw new ValueError(key + " " + PyText.repr(s) + ": bad port");
                return new Probe.Http(uri);
            } catch (URISyntaxException e) {
                throw new ValueError(key + " " + PyText.repr(s) + " is not a URL: " + e.getReason());
            }
        }
        if (s.startsWith("exec:")) {
            String command = PyText.strip(s.substring(5));
            if (command.isEmpty()) throw new ValueError(key + " exec: needs a command");
            return new Probe.Exec(command);
        }
        throw new ValueError(key + " " + PyText.repr(s) + " is not one of " + forms);
    }

    private static int port(String text, String key, String whole) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) return port;
        } catch (NumberFormatException ignored) {
            // the message below
        }
        throw new ValueError(key + " " + PyText.repr(whole) + ": bad port " + PyText.repr(text));
    }

    static OnFatal onFatal(String value) {
        String s = PyText.strip(value).toLowerCase(Locale.ROOT);
        if (s.equals("ignore")) return new OnFatal.Ignore();
        if (s.equals("shutdown")) return new OnFatal.Shutdown();
        if (s.startsWith("exit:")) {
            int status = Datatypes.integer(s.substring(5));
            if (status < 0 || status > 255) throw new ValueError("on_fatal exit:" + status + ": status must be 0-255");
            return new OnFatal.Exit(status);
        }
        throw new ValueError("on_fatal " + PyText.repr(value) + " is not one of ignore, shutdown or exit:N");
    }

    /** Seconds, a decimal fraction allowed, 0 or more. */
    static Duration seconds(String value) {
        String s = PyText.strip(value);
        try {
            BigDecimal d = new BigDecimal(s);
            if (d.signum() < 0) throw new ValueError("value " + PyText.repr(value) + " must be 0 or more seconds");
            if (d.compareTo(BigDecimal.valueOf(31_536_000)) > 0) {
                throw new ValueError("value " + PyText.repr(value) + " is more than a year of seconds");
            }
            return Duration.ofMillis(d.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            throw new ValueError("value " + PyText.repr(value) + " is not a number of seconds");
        }
    }

    private static Duration positiveSeconds(String value) {
        Duration d = seconds(value);
        if (d.isZero()) throw new ValueError("value " + PyText.repr(value) + " must be more than 0 seconds");
        return d;
    }

    private static int positive(int n) {
        if (n < 1) throw new ValueError("value " + n + " must be 1 or more");
        return n;
    }

    private static <E extends Enum<E>> E choice(String value, Class<E> type, String forms) {
        String s = PyText.strip(value).toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) if (e.name().equals(s)) return e;
        throw new ValueError("value " + PyText.repr(value) + " is not one of " + forms);
    }
}
