package io.corridor.supervisor.config;

import java.util.List;

/** A process group: a {@code [program:x]} (homogeneous, numprocs processes) or a {@code [group:x]} of programs. */
public record GroupSpec(String name, int priority, List<ProcessSpec> processes) {
}
