package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code [supervisorctl]} read as supervisorctl reads it: {@code serverurl} and {@code history_file} may use
 * {@code %(here)s}, every key may use {@code %(ENV_X)s}, a {@code unix://} path is made absolute. No
 * {@code [include]} processing (supervisorctl does none).
 */
public final class CtlConfig {
    static final String SECTION = "supervisorctl";
    static final Set<String> KNOWN_KEYS = Set.of("serverurl", "username", "password", "prompt", "history_file");
    public static final String DEFAULT_SERVER_URL = "http://localhost:9001";

    private CtlConfig() {}

    /**
     * For the ctl: reads {@code file}, which must contain {@code [supervisorctl]}.
     *
     * @throws ConfigException unreadable file, ini syntax, or {@code .ini file does not include supervisorctl section}
     */
    public static CtlSettings read(Path file, Map<String, String> environment) throws ConfigException {
        IniFile ini = IniFile.read(file, SECTION::equals);
        if (!ini.hasSection(SECTION)) {
            throw new ConfigException(file, 0, null, null, ".ini file does not include supervisorctl section");
        }
        return fromSection(ini, ConfigLoader.environExpansions(environment), file, Path.of("").toAbsolutePath());
    }

    /** The settings when there is no config file at all. */
    public static CtlSettings defaults() {
        return new CtlSettings(DEFAULT_SERVER_URL, Optional.empty(), Optional.empty(), "supervisor", Optional.empty());
    }

    static CtlSettings fromSection(IniFile ini, Map<String, Object> parserExpansions, Path mainFile, Path cwd)
            throws ConfigException {
        SectionValues v = new SectionValues(ini, SECTION, parserExpansions, mainFile);
        Map<String, Object> here = Map.of("here", SectionValues.hereOf(mainFile));
        String serverUrl = v.get("serverurl", DEFAULT_SERVER_URL, here);
        if (serverUrl.startsWith("unix://")) {
            serverUrl = "unix://" + cwd.resolve(serverUrl.substring(7)).normalize();
        }
        String prompt = v.get("prompt", "supervisor", Map.of());
        String username = v.get("username", null, Map.of());
        String password = v.get("password", null, Map.of());
        String historyFile = v.get("history_file", null, here);
        Optional<String> history = historyFile == null || historyFile.isEmpty()
                ? Optional.empty() : Optional.of(cwd.resolve(historyFile).normalize().toString());
        return new CtlSettings(serverUrl, Optional.ofNullable(username), Optional.ofNullable(password), prompt,
                history);
    }
}
