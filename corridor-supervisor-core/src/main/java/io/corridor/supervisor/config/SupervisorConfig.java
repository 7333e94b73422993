package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A whole validated configuration: immutable, every name expanded, groups in file order. */
public record SupervisorConfig(
        Path source,
        SupervisordSettings supervisord,
        Optional<UnixHttpServerSettings> unixHttpServer,
        Optional<InetHttpServerSettings> inetHttpServer,
        Optional<CtlSettings> supervisorctl,
        List<GroupSpec> groups,
        List<ConfigWarning> warnings) {
}
