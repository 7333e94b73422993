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
    /** corridor's own keys (see {@link FleetSettings}); their errors keep file and line. */
    public static final Set<String> EXTENSION_KEYS = Set.of("serverurls", "cafile", "certfile", "keyfile", "token",
            "timeout");
    static final Set<String> KNOWN_KEYS = Set.of("serverurl", "username", "password", "prompt", "history_file",
            "serverurls", "cafile", "certfile", "keyfile", "token", "timeout");
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
                history, fleet(v, here, cwd));
    }

    private static FleetSettings fleet(SectionValues v, Map<String, Object> here, Path cwd) throws ConfigException {
        String urls = v.get("serverurls", null, here);
        java.util.List<ServerList.Server> servers = java.util.List.of();
        if (urls != null) {
            try {
                servers = ServerList.parse(urls);
            } catch (IllegalArgumentException e) {
                throw v.error("serverurls", e.getMessage());
            }
            if (servers.isEmpty()) throw v.error("serverurls", "no name=URL pair");
            java.util.List<ServerList.Server> absolute = new java.util.ArrayList<>(servers.size());
            for (ServerList.Server s : servers) {
                absolute.add(s.url().startsWith("unix://") ? new ServerList.Server(s.name(),
                        "unix://" + cwd.resolve(s.url().substring(7)).normalize()) : s);
            }
            servers = java.util.List.copyOf(absolute);
        }
        Optional<Path> cafile = readableFile(v, "cafile", here, cwd);
        Optional<Path> certfile = readableFile(v, "certfile", here, cwd);
        Optional<Path> keyfile = readableFile(v, "keyfile", here, cwd);
        if (certfile.isPresent() != keyfile.isPresent()) {
            throw v.error(certfile.isPresent() ? "certfile" : "keyfile", "certfile and keyfile go together");
        }
        String token = v.get("token", null, Map.of());
        if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c > '~'))) {
            throw v.error("token", "token must be printable ASCII without spaces");
        }
        // no method reference here: corridorctl reads this section on its start path, where a lambda costs ms
        String timeoutText = v.get("timeout", null, Map.of());
        int timeout = FleetSettings.DEFAULT_TIMEOUT_SECONDS;
        if (timeoutText != null) {
            try {
                timeout = Datatypes.integer(timeoutText);
            } catch (ValueError e) {
                throw v.error("timeout", e.getMessage());
            }
            if (timeout <= 0) throw v.error("timeout", "timeout must be a positive number of seconds");
        }
        if (urls == null && cafile.isEmpty() && certfile.isEmpty() && token == null && timeoutText == null) {
            return FleetSettings.NONE;
        }
        return new FleetSettings(servers, cafile, certfile, keyfile, Optional.ofNullable(token), timeout);
    }

    /** A path key: relative to the working directory, {@code %(here)s} allowed, and the file must be readable. */
    static Optional<Path> readableFile(SectionValues v, String key, Map<String, Object> here, Path cwd)
            throws ConfigException {
        String value = v.get(key, null, here);
        if (value == null) return Optional.empty();
        Path path = cwd.resolve(value.strip()).normalize();
        if (!java.nio.file.Files.isReadable(path) || java.nio.file.Files.isDirectory(path)) {
            throw v.error(key, "cannot read " + key + " " + path);
        }
        return Optional.of(path);
    }
}
