package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * corridor's access extensions of {@code [inet_http_server]} and {@code [unix_http_server]}: TLS ({@code certfile},
 * {@code keyfile}, optional {@code clientca} for mutual TLS; TCP only) and the Bearer tokens of {@code tokens_file}.
 */
public record ServerAccess(Optional<Tls> tls, Optional<Path> tokensFile, List<AccessToken> tokens) {

    public static final ServerAccess NONE = new ServerAccess(Optional.empty(), Optional.empty(), List.of());

    /** PEM files: the server's certificate chain, its PKCS#8 private key, and the CAs that sign client certificates. */
    public record Tls(Path certfile, Path keyfile, Optional<Path> clientca) {}

    /** What a token may do: {@code read} sees (status, logs, metrics), {@code admin} may also change. */
    public enum Role { READ, ADMIN }

    /** One line of a tokens file: who (for the log), the role, and the secret. */
    public record AccessToken(String name, Role role, String secret) {
        @Override
        public String toString() {
            return "AccessToken[name=" + name + ", role=" + role + ", secret=***]";
        }
    }
}
