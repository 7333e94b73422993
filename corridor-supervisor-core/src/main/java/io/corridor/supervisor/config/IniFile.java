package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Supervisor ini file (or several merged, as {@code [include]} does): Python 3
 * {@code RawConfigParser(inline_comment_prefixes=(';','#'), strict=False)} semantics, with the file and line of every
 * section header and key kept for error messages. Values are raw: no {@code %} expansion happens here.
 *
 * <p>Usable on its own, e.g. by the ctl to read {@code [supervisorctl]}: {@code IniFile.read(path).value("supervisorctl",
 * "serverurl")}. Lookups fall back to {@code [DEFAULT]} as configparser's {@code get} does.
 */
public final class IniFile {
    public static final String DEFAULT_SECTION = "DEFAULT";

    /** One key's value; {@code line} is the line of the key (continuation lines follow it). */
    public record Entry(String value, Path file, int line) {}

    /** A section with its own keys (not the {@code [DEFAULT]} ones), in first-seen order. */
    public record Section(String name, Path file, int line, Map<String, Entry> entries) {
        public Section {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    private final Map<String, Section> sections;
    private final Map<String, Entry> defaults;

    IniFile(Map<String, Section> sections, Map<String, Entry> defaults) {
        this.sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    /** Reads one file; for several files merged in order use {@link IniReader}. */
    public static IniFile read(Path file) throws ConfigException {
        IniReader reader = new IniReader();
        reader.read(file);
        return reader.toIniFile();
    }

    /** Reads only the sections {@code wanted} accepts, plus {@code [DEFAULT]} (see {@link IniReader}). */
    public static IniFile read(Path file, java.util.function.Predicate<String> wanted) throws ConfigException {
        IniReader reader = new IniReader(wanted);
        reader.read(file);
        return reader.toIniFile();
    }

    /** Parses text as if it were the file {@code name} (tests, stdin). */
    public static IniFile parse(String text, Path name) throws ConfigException {
        IniReader reader = new IniReader();
        reader.readString(text, name);
        return reader.toIniFile();
    }

    /** Section names in first-seen order, without {@code DEFAULT} (configparser's {@code sections()}). */
    public List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }

    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    public Optional<Section> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    public Map<String, Entry> defaults() {
        return defaults;
    }

    /** The section's own entry for {@code key}, else the {@code [DEFAULT]} one; empty if the section is missing. */
    public Optional<Entry> get(String section, String key) {
        Section s = sections.get(section);
        if (s == null) return Optional.empty();
        Entry own = s.entries().get(key);
        return Optional.ofNullable(own != null ? own : defaults.get(key));
    }

    public Optional<String> value(String section, String key) {
        return get(section, key).map(Entry::value);
    }

    /** configparser's {@code items(section)}: the {@code [DEFAULT]} keys overlaid with the section's own. */
    public Map<String, Entry> items(String section) {
        Map<String, Entry> all = new LinkedHashMap<>(defaults);
        Section s = sections.get(section);
        if (s != null) all.putAll(s.entries());
        return Collections.unmodifiableMap(all);
    }

    /** Every file that contributed a section or a default, in reading order. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Section s : sections.values()) if (!files.contains(s.file())) files.add(s.file());
        return List.copyOf(files);
    }
}
