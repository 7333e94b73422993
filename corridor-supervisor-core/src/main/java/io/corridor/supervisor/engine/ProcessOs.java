package io.corridor.supervisor.engine;

import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.NativeException;
import io.corridor.supervisor.os.PosixSpawn;
import io.corridor.supervisor.os.SpawnRequest;
import io.corridor.supervisor.os.SpawnedChild;
import io.corridor.supervisor.os.WaitResult;

/**
 * The system calls the state machine makes for one child: spawn, kill and reap. An interface so the state machine's
 * tests run on virtual time with made-up children ({@code VirtualProcessTest}); {@link #NATIVE} is the real thing.
 */
interface ProcessOs {
    SpawnedChild spawn(SpawnRequest request) throws NativeException;

    /** {@code kill(pid, signal)}; a negative pid signals the process group. @return 0, or -errno */
    int kill(int pid, int signal);

    /** {@code waitpid(pid, WNOHANG)}: reaps {@code pid} if it has exited, never waits. */
    WaitResult reap(int pid);

    ProcessOs NATIVE = new ProcessOs() {
        @Override
        public SpawnedChild spawn(SpawnRequest request) throws NativeException { return PosixSpawn.spawn(request); }

        @Override
        public int kill(int pid, int signal) { return Libc.kill(pid, signal); }

        @Override
        public WaitResult reap(int pid) { return Libc.waitpid(pid, Libc.WNOHANG); }
    };
}
