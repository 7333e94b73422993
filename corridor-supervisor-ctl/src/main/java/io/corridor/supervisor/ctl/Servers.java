package io.corridor.supervisor.ctl;

import io.corridor.supervisor.config.FleetSettings;
import io.corridor.supervisor.config.ServerList;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which servers one invocation talks to. One {@code -s} (a URL, or the NAME of one of {@code serverurls}) means that
 * server alone; several {@code -s} and {@code --hosts FILE} make a fleet; without either, {@code [supervisorctl]
 * serverurls} does; and with none of these the caller uses {@code serverurl}, exactly as supervisorctl.
 */
final class Servers {
    private Servers() {}

    /** @return the servers, empty for "use serverurl" */
    static List<ServerList.Server> chosen(CtlOptions options, FleetSettings fleet) throws CtlOptions.UsageException {
        List<ServerList.Server> servers = new ArrayList<>();
        if (options.hostsFile() != null) {
            try {
                servers.addAll(ServerList.parse(Files.readString(Path.of(options.hostsFile()),
                        StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new CtlOptions.UsageException("cannot read --hosts " + options.hostsFile() + ": " + e);
            } catch (IllegalArgumentException e) {
                throw new CtlOptions.UsageException("--hosts " + options.hostsFile() + ": " + e.getMessage());
            }
        }
        List<String> urls = options.serverUrls();
        if (urls.size() == 1 && options.hostsFile() == null) {
            String value = urls.getFirst();
            if (CtlOptions.isName(value)) {
                for (ServerList.Server server : fleet.serverUrls()) {
                    if (server.name().equals(value)) return List.of(server);
                }
                throw new CtlOptions.UsageException("invalid value for -s '" + value + "': value '" + value
                        + "' is not a URL");
            }
            return List.of(new ServerList.Server("", CtlOptions.withoutName(value)));
        }
        Set<String> names = new HashSet<>();
        for (ServerList.Server server : servers) names.add(server.name());
        for (String value : urls) {
            String url = CtlOptions.withoutName(value);
            String name = url.equals(value) ? derivedName(url, names)
                    : value.substring(0, value.length() - url.length() - 1);
            try {
                ServerList.checkName(name);
            } catch (IllegalArgumentException e) {
                throw new CtlOptions.UsageException("-s " + value + ": " + e.getMessage());
            }
            if (!names.add(name) && !url.equals(value)) {
                throw new CtlOptions.UsageException("-s " + value + ": server name '" + name + "' given twice");
            }
            servers.add(new ServerList.Server(name, url));
        }
        if (servers.isEmpty() && urls.isEmpty()) return fleet.serverUrls();
        return servers;
    }

    /** A name for an unnamed URL: the socket file's name or the host, made unique with a number. */
    private static String derivedName(String url, Set<String> taken) {
        String base;
        if (url.startsWith("unix://")) {
            String file = Path.of(url.substring("unix://".length())).getFileName().toString();
            int dot = file.lastIndexOf('.');
            base = dot > 0 ? file.substring(0, dot) : file;
        } else {
            String authority = url.substring(url.indexOf("://") + 3);
            int end = 0;
            while (end < authority.length() && ":/@[".indexOf(authority.charAt(end)) < 0) end++;
            base = authority.substring(0, end);
        }
        if (!base.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) base = "server";
        String name = base;
        for (int i = 2; taken.contains(name); i++) name = base + "-" + i;
        return name;
    }
}
