package io.corridor.supervisor.ctl.config;

import io.corridor.supervisor.config.CtlSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads the {@code [supervisorctl]} section like supervisorctl's ClientOptions: the file is optional, but a
 * file that is found must contain the section. Search order: {@code -c FILE}, {@code $CORRIDOR_SUPERVISOR_CONF},
 * {@code <corridor.home>/etc/supervisord.conf}, then supervisorctl's own list.
 */
public final class CtlConfigLoader {
    private static final List<String> SUPERVISORCTL_SEARCH_PATHS = List.of(
            "supervisord.conf", "etc/supervisord.conf", "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf");

    private final Map<String, String> environment;
    private final String corridorHome;
    private final IniSections.Reader reader;

    public CtlConfigLoader(Map<String, String> environment, String corridorHome, IniSections.Reader reader) {
        this.environment = environment;
        this.corridorHome = corridorHome;
        this.reader = reader;
    }

    /** The settings from the found file, or the defaults when there is none. */
    public CtlSettings load(String explicitFile) throws CtlConfigException {
        Optional<Path> file = explicitFile != null ? Optional.of(Path.of(explicitFile)) : discover();
        if (file.isEmpty()) {
            return new CtlSettings(io.corridor.supervisor.ctl.rpc.ServerUrl.DEFAULT, Optional.empty(),
                    Optional.empty(), "supervisor", Optional.empty());
        }
        Path path = file.get().toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new CtlConfigException("could not find config file " + file.get());
        }
        IniSections ini;
        try {
            ini = reader.read(path);
        } catch (IOException e) {
            throw new CtlConfigException(e.getMessage() == null ? "could not read config file " + file.get()
                    : e.getMessage());
        }
        Optional<Map<String, String>> found = ini.section("supervisorctl");
        if (found.isEmpty()) {
            throw new CtlConfigException(".ini file does not include supervisorctl section");
        }
        Map<String, String> section = found.get();
        String here = path.getParent().toString();
        PercentExpander expander = new PercentExpander(environment);
        String serverUrl = expander.expand(section.getOrDefault("serverurl", io.corridor.supervisor.ctl.rpc.ServerUrl.DEFAULT),
                "serverurl", here);
        if (serverUrl.startsWith("unix://")) {
            serverUrl = "unix://" + Path.of(serverUrl.substring(7)).toAbsolutePath().normalize();
        }
        return new CtlSettings(serverUrl,
                optional(section, "username", expander),
                optional(section, "password", expander),
                section.containsKey("prompt") ? expander.expand(section.get("prompt"), "prompt", null) : "supervisor",
                section.containsKey("history_file")
                        ? Optional.of(expander.expand(section.get("history_file"), "history_file", here))
                        : Optional.empty());
    }

    private static Optional<String> optional(Map<String, String> section, String key, PercentExpander expander)
            throws CtlConfigException {
        String value = section.get(key);
        return value == null ? Optional.empty() : Optional.of(expander.expand(value, key, null));
    }

    private Optional<Path> discover() {
        List<Path> candidates = new ArrayList<>();
        String fromEnvironment = environment.get("CORRIDOR_SUPERVISOR_CONF");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Optional.of(Path.of(fromEnvironment));         // named explicitly: must exist, like -c
        }
        if (corridorHome != null) {
            candidates.add(Path.of(corridorHome, "etc", "supervisord.conf"));
        }
        for (String candidate : SUPERVISORCTL_SEARCH_PATHS) {
            candidates.add(Path.of(candidate));
        }
        for (Path candidate : candidates) {
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
