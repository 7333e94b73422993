package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.Optional;

/** TEMP stub (drop at merge): the config helper owns the real default-path search. */
public final class ConfigLocator {
    private ConfigLocator() {}

    public static Optional<Path> find() {
        return Optional.empty();
    }
}
