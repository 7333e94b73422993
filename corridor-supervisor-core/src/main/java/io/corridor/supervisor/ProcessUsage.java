package io.corridor.supervisor;

/**
 * What one running process's whole tree uses: its processes (main one included), their resident memory, and the
 * CPU time they have used (user + system, seconds; the whole cgroup's, dead members included, when the process
 * has one). {@code maxMemory} is its {@code max_memory} (0 = none).
 */
public record ProcessUsage(String namespec, long pid, int processes, long rssBytes, double cpuSeconds, long maxMemory) {
}
