package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.Map;

/** Reads a Supervisor ini file (with its includes) into a validated {@link SupervisorConfig}. */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** Reads with this process's environment for {@code %(ENV_X)s}. */
    public static SupervisorConfig load(Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    public static SupervisorConfig load(Path file, Map<String, String> environment) throws ConfigException {
        throw new UnsupportedOperationException("config reader not implemented yet");
    }
}
