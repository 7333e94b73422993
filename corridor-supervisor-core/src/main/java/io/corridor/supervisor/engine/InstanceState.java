package io.corridor.supervisor.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a supervisor instance leaves on disk for its next start: who it was (pid and start time), the cgroup it
 * made, the processes it had running (pid, start time, namespec — to find and stop leftovers after a crash), and
 * the programs stopped by hand with the time (epoch ms) they were stopped, so they stay stopped.
 */
record InstanceState(long supervisorPid, long supervisorStartTime, Optional<String> cgroup, List<Child> children,
                     Map<String, Long> stoppedByHand) {

    record Child(int pid, long startTime, String namespec) {}

    static final InstanceState EMPTY = new InstanceState(0, 0, Optional.empty(), List.of(), Map.of());
}
