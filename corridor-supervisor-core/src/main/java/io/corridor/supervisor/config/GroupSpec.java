package io.corridor.supervisor.config;

import java.util.List;
import java.util.Optional;

/**
 * A process group: a {@code [program:x]} (homogeneous, numprocs processes), a {@code [group:x]} of programs, or an
 * {@code [eventlistener:x]} pool ({@code eventPool} present).
 */
public record GroupSpec(String name, int priority, List<ProcessSpec> processes, Optional<EventPoolSpec> eventPool) {
    public GroupSpec(String name, int priority, List<ProcessSpec> processes) {
        this(name, priority, processes, Optional.empty());
    }

    public boolean isEventListenerPool() { return eventPool.isPresent(); }
}
