package io.corridor.supervisor.os;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to exec: an absolute {@code path}, the full {@code argv} (argv[0] included), the complete environment as
 * {@code KEY=value} strings, an optional working directory, whether stderr shares the stdout pipe, the
 * descriptor the child gets as fd 0 instead of the stdin pipe ({@code stdinFd} -1: the pipe; a FastCGI pool's
 * listening socket otherwise), and descriptors the child inherits beyond stdio ({@code inherited}: child fd → the
 * parent's fd to dup there, e.g. a readiness pipe).
 */
public record SpawnRequest(String path, List<String> argv, List<String> environment, Optional<String> directory,
                           boolean redirectStderr, int stdinFd, Map<Integer, Integer> inherited) {
    public SpawnRequest(String path, List<String> argv, List<String> environment, Optional<String> directory,
                        boolean redirectStderr) {
        this(path, argv, environment, directory, redirectStderr, -1, Map.of());
    }

    public SpawnRequest(String path, List<String> argv, List<String> environment, Optional<String> directory,
                        boolean redirectStderr, int stdinFd) {
        this(path, argv, environment, directory, redirectStderr, stdinFd, Map.of());
    }

    /** The same request with {@code fd} as the child's fd 0. */
    public SpawnRequest withStdin(int fd) {
        return new SpawnRequest(path, argv, environment, directory, redirectStderr, fd, inherited);
    }
}
