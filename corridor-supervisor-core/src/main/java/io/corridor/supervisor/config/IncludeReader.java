package io.corridor.supervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The main file plus what its {@code [include] files=} names: whitespace-separated globs relative to the main
 * file's directory, each glob's matches read in sorted order, merged into the same sections. A glob without a match
 * is only a warning. Only the main file's {@code [include]} counts: included files are not searched for more.
 */
final class IncludeReader {
    static final String SECTION = "include";

    private final Path mainFile;
    private final LoadContext context;
    private final Collection<ConfigWarning> warnings;
    private final Consumer<String> notices;

    IncludeReader(Path mainFile, LoadContext context, Collection<ConfigWarning> warnings, Consumer<String> notices) {
        this.mainFile = mainFile;
        this.context = context;
        this.warnings = warnings;
        this.notices = notices;
    }

    IniFile read() throws ConfigException {
        IniReader reader = new IniReader().read(mainFile);
        IniFile main = reader.toIniFile();
        if (!main.hasSection(SECTION)) return main;

        SectionValues v = new SectionValues(main, SECTION, ConfigLoader.environExpansions(context.environment()),
                mainFile);
        if (!v.has("files")) {
            throw new ConfigException(mainFile, main.section(SECTION).orElseThrow().line(), SECTION, null,
                    ".ini file has [include] section, but no files setting");
        }
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("here", SectionValues.hereOf(mainFile));
        names.put("host_node_name", context.hostName());
        names.putAll(ConfigLoader.environExpansions(context.environment()));
        String files = v.expand("files", v.raw("files", ""), v.withHereOf("files", names), "include.files");
        String base = SectionValues.hereOf(mainFile);
        for (String glob : PyText.splitWhitespace(files)) {
            String pattern = Glob.join(base, glob);
            List<String> matches = new ArrayList<>(Glob.glob(pattern));
            if (matches.isEmpty()) {
                warnings.add(v.warning("files", "No file matches via include \"" + pattern + "\""));
                continue;
            }
            matches.sort(null);
            for (String match : matches) {
                Path included = Path.of(match);
                // configparser's read() skips files it cannot open (a directory matched by conf.d/*, say)
                if (!Files.isRegularFile(included) || !Files.isReadable(included)) {
                    warnings.add(v.warning("files", "Included \"" + match + "\" is not a readable file; skipped"));
                    continue;
                }
                reader.read(included);
                notices.accept("Included extra file \"" + match + "\" during parsing");
            }
        }
        IniFile merged = reader.toIniFile();
        warnAboutNestedIncludes(merged);
        return merged;
    }

    private void warnAboutNestedIncludes(IniFile merged) {
        merged.section(SECTION).ifPresent(s -> s.entries().values().stream()
                .filter(e -> !e.file().equals(mainFile))
                .forEach(e -> warnings.add(new ConfigWarning(e.file(), e.line(),
                        "[include] in an included file is ignored (only the main file's include is honoured)"))));
    }
}
