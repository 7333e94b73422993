package io.corridor.supervisor.ctl.rpc;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What corridorctl adds to supervisorctl's username/password: the CA file that signs an {@code https://} server's
 * certificate (the JDK's trust store when absent), a client certificate and key for mutual TLS, and a Bearer token
 * sent instead of Basic auth.
 */
public record ClientSecurity(Optional<Path> cafile, Optional<Path> certfile, Optional<Path> keyfile,
                             Optional<String> token) {
    public static final ClientSecurity NONE = new ClientSecurity(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());
}
