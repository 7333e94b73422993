package io.corridor.supervisor.os;

/** What {@code waitpid} returned: {@code pid} (0 = still running, negative = -errno) and the raw status word. */
public record WaitResult(int pid, int status) {
    public boolean reaped() { return pid > 0; }
}
