package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The listening socket of an {@code [fcgi-program:x]} pool: {@code socket=unix:///path} (with {@code socket_owner}
 * as uid/gid, {@code socket_mode}) or {@code socket=tcp://host:port}, and {@code socket_backlog} (empty: the
 * system's maximum, as supervisord's {@code SOMAXCONN}). {@code url} is how supervisord names it in its log.
 */
public record FcgiSocketSpec(String url, Optional<Path> unixPath, String host, int port,
                             OptionalInt ownerUid, OptionalInt ownerGid, int mode, OptionalInt backlog) {
}
