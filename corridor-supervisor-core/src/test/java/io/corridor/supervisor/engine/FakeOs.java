package io.corridor.supervisor.engine;

import io.corridor.supervisor.os.Errno;
import io.corridor.supervisor.os.NativeException;
import io.corridor.supervisor.os.SpawnRequest;
import io.corridor.supervisor.os.SpawnedChild;
import io.corridor.supervisor.os.WaitResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Made-up children for the state-machine tests: spawn hands out pids, kill records the signal, and a child "dies"
 * when the test says so ({@link #die}) or, if told to, when it is signalled. No process is ever created.
 */
final class FakeOs implements ProcessOs {
    record Kill(int pid, int signal) {}

    final List<SpawnRequest> spawns = new ArrayList<>();
    final List<Kill> kills = new ArrayList<>();
    private final Map<Integer, Integer> exited = new HashMap<>();   // pid → wait status, not yet reaped
    private int nextPid = 1000;
    /** errno a spawn fails with, or 0. */
    int spawnErrno;
    /** What kill returns (0 or -errno). */
    int killResult;

    @Override
    public SpawnedChild spawn(SpawnRequest request) throws NativeException {
        if (spawnErrno != 0) throw new NativeException("posix_spawn", spawnErrno);
        spawns.add(request);
        return new SpawnedChild(nextPid++, -1, -1, -1, -1);
    }

    @Override
    public int kill(int pid, int signal) {
        kills.add(new Kill(pid, signal));
        return killResult;
    }

    @Override
    public WaitResult reap(int pid) {
        Integer status = exited.remove(pid);
        return status == null ? new WaitResult(0, 0) : new WaitResult(pid, status);
    }

    /** The child exits with {@code code} (its status waits to be reaped). */
    void exit(int pid, int code) { exited.put(pid, (code & 0xff) << 8); }

    /** The child is killed by {@code signal}. */
    void killedBy(int pid, int signal) { exited.put(pid, signal & 0x7f); }

    int lastPid() { return nextPid - 1; }

    private int nextFd = 500;
    final List<Integer> closed = new ArrayList<>();

    @Override
    public int[] pipe() { return new int[] {nextFd++, nextFd++}; }

    @Override
    public int notifySocket(java.nio.file.Path path) { return nextFd++; }

    @Override
    public void close(int fd) { closed.add(fd); }

    static int esrch() { return -Errno.ESRCH; }
}
