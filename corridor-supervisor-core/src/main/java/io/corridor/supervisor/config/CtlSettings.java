package io.corridor.supervisor.config;

import java.util.Optional;

/** {@code [supervisorctl]}. */
public record CtlSettings(
        String serverUrl,            // default http://localhost:9001
        Optional<String> username,
        Optional<String> password,
        String prompt,               // default "supervisor"
        Optional<String> historyFile,
        FleetSettings fleet) {

    /** Without any corridor extension. */
    public CtlSettings(String serverUrl, Optional<String> username, Optional<String> password, String prompt,
                       Optional<String> historyFile) {
        this(serverUrl, username, password, prompt, historyFile, FleetSettings.NONE);
    }
}
