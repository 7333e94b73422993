package io.corridor.supervisor.ctl.fleet;

import io.corridor.supervisor.config.ServerList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits one command's words between the servers of a fleet. A word {@code HOST:rest} goes to that server as
 * {@code rest}, {@code @all:rest} to every server; {@code HOST:} and {@code @all} alone mean {@code all} there. Every
 * other word (a signal name, {@code -100}, a plain process name) goes to each server the command runs on, in its
 * place. The command runs on the servers its words name, or on every server when no word names one.
 */
final class HostRouting {
    static final String ALL_HOSTS = "@all";

    private HostRouting() {}

    /** @return each target server's name mapped to its argument words, in the fleet's order */
    static Map<String, List<String>> route(List<ServerList.Server> hosts, List<String> words) {
        List<String> named = new ArrayList<>();
        boolean any = false;
        for (String word : words) {
            String host = hostOf(hosts, word);
            if (host == null) continue;
            any = true;
            if (host.equals(ALL_HOSTS)) {
                named.clear();
                hosts.forEach(h -> named.add(h.name()));
                break;
            }
            if (!named.contains(host)) named.add(host);
        }
        Map<String, List<String>> routed = new LinkedHashMap<>();
        for (ServerList.Server server : hosts) {
            if (any && !named.contains(server.name())) continue;
            List<String> args = new ArrayList<>();
            for (String word : words) {
                String host = hostOf(hosts, word);
                if (host == null) {
                    args.add(word);
                } else if (host.equals(ALL_HOSTS) || host.equals(server.name())) {
                    String rest = word.length() > host.length() ? word.substring(host.length() + 1) : "";
                    args.add(rest.isEmpty() ? "all" : rest);
                }
            }
            routed.put(server.name(), args);
        }
        return routed;
    }

    /** The server a word names by its prefix, {@link #ALL_HOSTS}, or null for a word without a server prefix. */
    private static String hostOf(List<ServerList.Server> hosts, String word) {
        if (word.equals(ALL_HOSTS) || word.startsWith(ALL_HOSTS + ":")) return ALL_HOSTS;
        int colon = word.indexOf(':');
        if (colon <= 0) return null;
        String prefix = word.substring(0, colon);
        for (ServerList.Server server : hosts) {
            if (server.name().equals(prefix)) return prefix;
        }
        return null;
    }
}
