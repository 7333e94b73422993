package io.corridor.supervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where to find the configuration without {@code -c}: {@code $CORRIDOR_SUPERVISOR_CONF}, then supervisord's search
 * list, where supervisord's "directory of argv[0], one up" is the distribution's install directory (system property
 * {@code corridor.home}, set by the launcher scripts). The ctl uses the same list.
 */
public final class ConfigLocator {
    public static final String ENV_VARIABLE = "CORRIDOR_SUPERVISOR_CONF";
    public static final String HOME_PROPERTY = "corridor.home";

    private final List<Path> searchPaths;

    ConfigLocator(Map<String, String> environment, Optional<Path> installDir) {
        List<Path> paths = new ArrayList<>();
        String fromEnv = environment.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isEmpty()) paths.add(Path.of(fromEnv));
        Path home = installDir.orElse(Path.of(""));
        paths.add(home.resolve("etc").resolve("supervisord.conf"));
        paths.add(home.resolve("supervisord.conf"));
        paths.add(Path.of("supervisord.conf"));
        paths.add(Path.of("etc/supervisord.conf"));
        paths.add(Path.of("/etc/supervisord.conf"));
        paths.add(Path.of("/etc/supervisor/supervisord.conf"));
        this.searchPaths = List.copyOf(paths);
    }

    /** An explicit search list (tests). */
    ConfigLocator(List<Path> searchPaths) {
        this.searchPaths = List.copyOf(searchPaths);
    }

    /** For this process: its environment and {@code -Dcorridor.home}. */
    public static ConfigLocator system() {
        String home = System.getProperty(HOME_PROPERTY);
        return new ConfigLocator(System.getenv(),
                home == null || home.isEmpty() ? Optional.empty() : Optional.of(Path.of(home)));
    }

    public List<Path> searchPaths() {
        return searchPaths;
    }

    /** The first path that exists. */
    public Optional<Path> find() {
        return searchPaths.stream().filter(Files::exists).findFirst();
    }

    /** The first path that exists, or supervisord's error (exit status 2 territory). */
    public Path require() throws ConfigException {
        return find().orElseThrow(() -> new ConfigException(null, 0, null, null, notFoundMessage()));
    }

    /** supervisord's wording, with our list. */
    public String notFoundMessage() {
        List<String> names = searchPaths.stream().map(Path::toString).toList();
        return "No config file found at default paths (" + String.join(", ", names)
                + "); use the -c option to specify a config file at a different path";
    }
}
