package io.corridor.supervisor.os;

import java.util.List;
import java.util.Optional;

/**
 * What to exec: an absolute {@code path}, the full {@code argv} (argv[0] included), the complete environment as
 * {@code KEY=value} strings, an optional working directory, and whether stderr shares the stdout pipe.
 */
public record SpawnRequest(String path, List<String> argv, List<String> environment, Optional<String> directory,
                           boolean redirectStderr) {
}
