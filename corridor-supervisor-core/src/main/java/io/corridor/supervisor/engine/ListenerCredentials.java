package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.SupervisorConfig;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials an event listener needs to call back over XML-RPC ({@code childutils.getRPCInterface} reads
 * SUPERVISOR_USERNAME and SUPERVISOR_PASSWORD): those of the configured server its SUPERVISOR_SERVER_URL names.
 * supervisord passes none (its users set them with {@code environment=}, which still wins); a {@code {SHA}} password
 * cannot be passed on, as only its hash is known.
 */
final class ListenerCredentials {
    private ListenerCredentials() {}

    static Map<String, String> forUrl(SupervisorConfig config, String serverUrl) {
        if (serverUrl == null) return Map.of();
        Optional<String> user = Optional.empty(), password = Optional.empty();
        if (serverUrl.startsWith("unix://")) {
            var unix = config.unixHttpServer();
            if (unix.isPresent() && serverUrl.equals("unix://" + unix.get().file())) {
                user = unix.get().username();
                password = unix.get().password();
            }
        } else if (config.inetHttpServer().isPresent()) {
            var inet = config.inetHttpServer().get();
            try {
                URI uri = URI.create(serverUrl);
                if ("http".equals(uri.getScheme()) && uri.getPort() == inet.port()) {
                    user = inet.username();
                    password = inet.password();
                }
            } catch (IllegalArgumentException e) {
                return Map.of(); // not a URL the listener could use either
            }
        }
        if (user.isEmpty() || password.isEmpty() || password.get().startsWith("{SHA}")) return Map.of();
        return Map.of("SUPERVISOR_USERNAME", user.get(), "SUPERVISOR_PASSWORD", password.get());
    }
}
