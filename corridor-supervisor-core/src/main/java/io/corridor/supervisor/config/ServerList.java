package io.corridor.supervisor.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The servers a fleet-aware client talks to: {@code name=URL} pairs separated by commas or line breaks, as
 * {@code [supervisorctl] serverurls} and corridorctl's {@code --hosts} file write them. A name is what
 * {@code name:} prefixes on the command line refer to, so it cannot contain a colon.
 */
public final class ServerList {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** One server: its name in the fleet and its URL ({@code unix://}, {@code http://} or {@code https://}). */
    public record Server(String name, String url) {}

    private ServerList() {}

    /**
     * Parses the pairs; blank entries and {@code #} comments (to the end of a line) are skipped.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code name=URL}, a bad name, a duplicate or
     *                                  an unknown URL scheme
     */
    public static List<Server> parse(String text) {
        List<Server> servers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : text.split("\n", -1)) {
            int hash = line.indexOf('#');
            for (String entry : (hash >= 0 ? line.substring(0, hash) : line).split(",")) {
                String pair = entry.strip();
                if (pair.isEmpty()) continue;
                int equals = pair.indexOf('=');
                if (equals < 0) throw new IllegalArgumentException("'" + pair + "' is not name=URL");
                String name = pair.substring(0, equals).strip();
                String url = pair.substring(equals + 1).strip();
                checkName(name);
                if (!seen.add(name)) throw new IllegalArgumentException("server name '" + name + "' given twice");
                if (!url.startsWith("unix://") && !url.startsWith("http://") && !url.startsWith("https://")) {
                    throw new IllegalArgumentException("URL of '" + name + "' is not unix://, http:// or https://: "
                            + url);
                }
                servers.add(new Server(name, url));
            }
        }
        return List.copyOf(servers);
    }

    /** @throws IllegalArgumentException unless {@code name} is letters, digits, {@code _ . -} (no colon) */
    public static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("server name '" + name + "' must be letters, digits, '_', '.' or '-'"
                    + " (it is used as a 'name:' prefix)");
        }
    }
}
