package io.corridor.supervisor.config;

import java.util.Optional;

/** {@code [supervisorctl]}. */
public record CtlSettings(
        String serverUrl,            // default http://localhost:9001
        Optional<String> username,
        Optional<String> password,
        String prompt,               // default "supervisor"
        Optional<String> historyFile) {
}
