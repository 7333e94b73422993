package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One section's values as supervisord's {@code saneget} reads them: with {@code [DEFAULT]} fallback, a default for a
 * missing key, and {@code %} expansion against the parser-wide names ({@code ENV_*}) overlaid by the caller's. Every
 * failure comes out as a {@link ConfigException} located at the key (or at the section header when the key is absent).
 */
final class SectionValues {
    private final IniFile ini;
    private final String section;
    private final Map<String, Object> parserExpansions;
    private final Path mainFile;

    SectionValues(IniFile ini, String section, Map<String, Object> parserExpansions, Path mainFile) {
        this.ini = ini;
        this.section = section;
        this.parserExpansions = parserExpansions;
        this.mainFile = mainFile;
    }

    String section() {
        return section;
    }

    boolean has(String key) {
        return ini.get(section, key).isPresent();
    }

    /** The raw value (no expansion), or {@code dflt}. */
    String raw(String key, String dflt) {
        return ini.value(section, key).orElse(dflt);
    }

    /**
     * The value, or {@code dflt} when missing (null stays null), expanded. When {@code expansions} offers
     * {@code here}, it is the directory of the file the value was read from, as supervisord's {@code expand_here}
     * makes it for included files.
     */
    String get(String key, String dflt, Map<String, Object> expansions) throws ConfigException {
        Optional<IniFile.Entry> entry = ini.get(section, key);
        String value = entry.map(IniFile.Entry::value).orElse(dflt);
        if (value == null) return null;
        // Without a '%' there is nothing to expand (Python's % leaves such a string as it is); skipping the map
        // copy below (every ENV_* name, for each key of each process) makes a reread of 1000 processes ~3x faster.
        if (value.indexOf('%') < 0) return value;
        Map<String, Object> combined = new HashMap<>(parserExpansions);
        combined.putAll(expansions);
        if (expansions.containsKey("here") && entry.isPresent()) combined.put("here", hereOf(entry.get().file()));
        return expand(key, value, combined, section + "." + key);
    }

    /** {@link #get} then a conversion; null (missing, no default) is not converted. */
    <T> T get(String key, String dflt, Map<String, Object> expansions, Function<String, T> convert)
            throws ConfigException {
        String value = get(key, dflt, expansions);
        return value == null ? null : convert(key, value, convert);
    }

    <T> T convert(String key, String value, Function<String, T> convert) throws ConfigException {
        try {
            return convert.apply(value);
        } catch (ValueError e) {
            throw error(key, e.getMessage());
        }
    }

    /**
     * {@code expansions} whose {@code here} (if offered) is the directory of the file that set {@code key}: a copy
     * when that differs, else {@code expansions} itself (read only; a copy per process made a reread slow).
     */
    Map<String, Object> withHereOf(String key, Map<String, Object> expansions) {
        Optional<IniFile.Entry> entry = ini.get(section, key);
        if (!expansions.containsKey("here") || entry.isEmpty()) return expansions;
        String here = hereOf(entry.get().file());
        if (here.equals(expansions.get("here"))) return expansions;
        Map<String, Object> copy = new java.util.LinkedHashMap<>(expansions);
        copy.put("here", here);
        return copy;
    }

    String expand(String key, String template, Map<String, ?> expansions, String name) throws ConfigException {
        try {
            return Expansion.expand(template, expansions, name);
        } catch (ValueError e) {
            throw error(key, e.getMessage());
        }
    }

    /** An error at {@code key} (its own line if the file has it, else the section header); key may be null. */
    ConfigException error(String key, String problem) {
        Optional<IniFile.Entry> entry = key == null ? Optional.empty() : ini.get(section, key);
        if (entry.isPresent()) return new ConfigException(entry.get().file(), entry.get().line(), section, key, problem);
        IniFile.Section s = ini.section(section).orElse(null);
        return s == null
                ? new ConfigException(mainFile, 0, section, key, problem)
                : new ConfigException(s.file(), s.line(), section, key, problem);
    }

    ConfigWarning warning(String key, String message) {
        ConfigException located = error(key, message);
        return new ConfigWarning(located.file(), located.line(), message);
    }

    Path file() {
        return ini.section(section).map(IniFile.Section::file).orElse(mainFile);
    }

    int line() {
        return ini.section(section).map(IniFile.Section::line).orElse(0);
    }

    /** supervisord's {@code here}: the absolute, normalized directory of a config file. */
    static String hereOf(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return (dir == null ? Path.of("/") : dir.normalize()).toString();
    }
}
