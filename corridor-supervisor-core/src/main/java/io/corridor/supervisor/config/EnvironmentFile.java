package io.corridor.supervisor.config;

import java.nio.file.Path;

/** One {@code environment_file} entry: an absolute path; {@code optional} when written with systemd's {@code -}. */
public record EnvironmentFile(Path path, boolean optional) {
    @Override
    public String toString() { return (optional ? "-" : "") + path; }
}
