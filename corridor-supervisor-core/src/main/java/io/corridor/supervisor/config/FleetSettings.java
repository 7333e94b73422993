package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The corridor extensions of {@code [supervisorctl]} for talking to more than one server and to TLS servers:
 * {@code serverurls}, {@code cafile}, {@code certfile}/{@code keyfile} (a client certificate for mutual TLS),
 * {@code token} (sent as a Bearer token instead of Basic auth) and {@code timeout} (seconds each server has to
 * answer one command when several are asked).
 */
public record FleetSettings(
        List<ServerList.Server> serverUrls,
        Optional<Path> cafile,
        Optional<Path> certfile,
        Optional<Path> keyfile,
        Optional<String> token,
        int timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    public static final FleetSettings NONE = new FleetSettings(List.of(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT_SECONDS);
}
