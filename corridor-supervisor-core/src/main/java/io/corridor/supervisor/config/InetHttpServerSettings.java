package io.corridor.supervisor.config;

import java.util.Optional;

/** {@code [inet_http_server]}; host is empty for "all interfaces" ({@code :9001} or {@code *:9001}). */
public record InetHttpServerSettings(
        String host,
        int port,
        Optional<String> username,
        Optional<String> password,
        ServerAccess access) {

    /** Without TLS or tokens. */
    public InetHttpServerSettings(String host, int port, Optional<String> username, Optional<String> password) {
        this(host, port, username, password, ServerAccess.NONE);
    }
}
