package io.corridor.supervisor.config;

import java.util.List;
import java.util.Optional;

/**
 * A process group: a {@code [program:x]} (homogeneous, numprocs processes), a {@code [group:x]} of programs, or an
 * {@code [eventlistener:x]} pool ({@code eventPool} present), or an {@code [fcgi-program:x]} pool ({@code fcgiSocket}
 * present: the socket every process of the pool gets as its stdin).
 */
public record GroupSpec(String name, int priority, List<ProcessSpec> processes, Optional<EventPoolSpec> eventPool,
                        Optional<FcgiSocketSpec> fcgiSocket) {
    public GroupSpec(String name, int priority, List<ProcessSpec> processes) {
        this(name, priority, processes, Optional.empty(), Optional.empty());
    }

    public GroupSpec(String name, int priority, List<ProcessSpec> processes, Optional<EventPoolSpec> eventPool) {
        this(name, priority, processes, eventPool, Optional.empty());
    }

    public boolean isEventListenerPool() { return eventPool.isPresent(); }
}
