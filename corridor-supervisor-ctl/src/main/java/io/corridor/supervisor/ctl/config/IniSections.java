package io.corridor.supervisor.ctl.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The sections of an ini file with Python RawConfigParser semantics, as the client needs them. A seam: core's
 * {@code io.corridor.supervisor.config.IniFile} replaces {@link SimpleIniReader} behind it once it lands.
 */
public interface IniSections {

    /** The section's keys (lower-cased) and raw, unexpanded values, [DEFAULT] values included. */
    Optional<Map<String, String>> section(String name);

    /** Reads a file into sections. */
    @FunctionalInterface
    interface Reader {
        IniSections read(Path file) throws IOException;
    }
}
