package io.corridor.supervisor.ctl.config;

import io.corridor.supervisor.config.ConfigException;
import io.corridor.supervisor.config.CtlConfig;
import io.corridor.supervisor.config.CtlSettings;

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

    public CtlConfigLoader(Map<String, String> environment, String corridorHome) {
        this.environment = environment;
        this.corridorHome = corridorHome;
    }

    /** The settings from the found file, or the defaults when there is none. */
    public CtlSettings load(String explicitFile) throws CtlConfigException {
        Optional<Path> file = explicitFile != null ? Optional.of(Path.of(explicitFile)) : discover();
        if (file.isEmpty()) {
            return CtlConfig.defaults();
        }
        Path path = file.get().toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new CtlConfigException("could not find config file " + file.get());
        }
        try {
            return CtlConfig.read(path, environment);
        } catch (ConfigException e) {
            // supervisorctl prints the problem alone, without our file:line prefix; corridor's own keys keep it
            boolean ours = e.key() != null && CtlConfig.EXTENSION_KEYS.contains(e.key());
            throw new CtlConfigException(ours ? e.getMessage() : e.problem());
        }
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
