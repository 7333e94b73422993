package io.corridor.supervisor.engine;

import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.NativeException;
import io.corridor.supervisor.os.PosixSpawn;
import io.corridor.supervisor.os.SpawnRequest;
import io.corridor.supervisor.os.SpawnedChild;
import io.corridor.supervisor.os.WaitResult;

import java.nio.file.Path;

/**
 * The system calls the state machine makes for one child: spawn, kill and reap, and the pipe or socket a child
 * proves its readiness on. An interface so the state machine's
 * tests run on virtual time with made-up children ({@code VirtualProcessTest}); {@link #NATIVE} is the real thing.
 */
interface ProcessOs {
    SpawnedChild spawn(SpawnRequest request) throws NativeException;

    /** {@code kill(pid, signal)}; a negative pid signals the process group. @return 0, or -errno */
    int kill(int pid, int signal);

    /** {@code waitpid(pid, WNOHANG)}: reaps {@code pid} if it has exited, never waits. */
    WaitResult reap(int pid);

    /** A pipe, both ends close-on-exec, the read end non-blocking. @return {read, write} */
    int[] pipe() throws NativeException;

    /** A non-blocking Unix datagram socket bound at {@code path} (a {@code NOTIFY_SOCKET}). @return its fd */
    int notifySocket(Path path) throws NativeException;

    void close(int fd);

    ProcessOs NATIVE = new ProcessOs() {
        @Override
        public int[] pipe() throws NativeException {
            int[] p = Libc.pipe();
            Libc.setNonBlocking(p[0]);
            return p;
        }

        @Override
        public int notifySocket(Path path) throws NativeException { return Libc.unixDatagramSocket(path.toString()); }

        @Override
        public void close(int fd) { Libc.close(fd); }

        @Override
        public SpawnedChild spawn(SpawnRequest request) throws NativeException { return PosixSpawn.spawn(request); }

        @Override
        public int kill(int pid, int signal) { return Libc.kill(pid, signal); }

        @Override
        public WaitResult reap(int pid) { return Libc.waitpid(pid, Libc.WNOHANG); }
    };
}
