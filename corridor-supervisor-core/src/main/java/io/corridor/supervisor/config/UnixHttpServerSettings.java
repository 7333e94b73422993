package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.Optional;

/** {@code [unix_http_server]}. Password is cleartext or {@code {SHA}} + 40 hex digits. */
public record UnixHttpServerSettings(
        Path file,
        int chmod,
        Optional<String> chown,
        Optional<String> username,
        Optional<String> password,
        ServerAccess access) {

    /** Without tokens. */
    public UnixHttpServerSettings(Path file, int chmod, Optional<String> chown, Optional<String> username,
                                  Optional<String> password) {
        this(file, chmod, chown, username, password, ServerAccess.NONE);
    }
}
