package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Starts children with glibc's {@code posix_spawn} (clone+exec, no JVM reaper thread): stdin/stdout/stderr pipes
 * via dup2 actions, every other descriptor closed in the child ({@code addclosefrom_np(3)}), a new session and
 * process group (pgid == pid, so {@code kill(-pid)} reaches the whole tree), an empty signal mask and default
 * dispositions (the JVM blocks and handles signals the child must not inherit).
 */
public final class PosixSpawn {
    private PosixSpawn() {}

    public static SpawnedChild spawn(SpawnRequest request) throws NativeException {
        int[] in = null, out = null, err = null;
        boolean ok = false;
        try (Arena arena = Arena.ofConfined()) {
            in = Libc.pipe();
            out = Libc.pipe();
            if (!request.redirectStderr()) err = Libc.pipe();

            MemorySegment actions = arena.allocate(Libc.FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(Libc.SPAWNATTR_SIZE, 16);
            check("posix_spawn_file_actions_init", Libc.fileActionsInit(actions));
            check("posix_spawnattr_init", Libc.attrInit(attr));
            try {
                check("adddup2", Libc.fileActionsAddDup2(actions, request.stdinFd() >= 0 ? request.stdinFd() : in[0], 0));
                check("adddup2", Libc.fileActionsAddDup2(actions, out[1], 1));
                check("adddup2", Libc.fileActionsAddDup2(actions, err == null ? out[1] : err[1], 2));
                // Descriptors the child inherits (a readiness pipe at fd N) are dup'ed to their number; everything else
                // from 3 up is closed, so the child sees exactly stdio plus those.
                int top = 2;
                for (var e : request.inherited().entrySet()) {
                    check("adddup2", Libc.fileActionsAddDup2(actions, e.getValue(), e.getKey()));
                    top = Math.max(top, e.getKey());
                }
                for (int fd = 3; fd < top; fd++) {
                    if (!request.inherited().containsKey(fd)) check("addclose", Libc.fileActionsAddClose(actions, fd));
                }
                check("addclosefrom_np", Libc.fileActionsAddCloseFrom(actions, top + 1));
                if (request.directory().isPresent()) {
                    check("addchdir_np", Libc.fileActionsAddChdir(actions, arena.allocateFrom(request.directory().get())));
                }
                MemorySegment empty = arena.allocate(Libc.SIGSET_SIZE, 8);
                MemorySegment all = arena.allocate(Libc.SIGSET_SIZE, 8);
                Libc.sigEmptySet(empty);
                Libc.sigFillSet(all);
                check("setsigmask", Libc.attrSetSigMask(attr, empty));
                check("setsigdefault", Libc.attrSetSigDefault(attr, all));
                check("setflags", Libc.attrSetFlags(attr, (short) (Libc.POSIX_SPAWN_SETSID
                        | Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF)));

                MemorySegment pid = arena.allocate(JAVA_INT);
                int rc = Libc.posixSpawn(pid, arena.allocateFrom(request.path()), actions, attr,
                        stringArray(arena, request.argv()), stringArray(arena, request.environment()));
                if (rc != 0) throw new NativeException("posix_spawn", rc);
                int childPid = pid.get(JAVA_INT, 0);
                int pidfd = Libc.pidfdOpen(childPid);
                if (pidfd < 0) {
                    // Without a pidfd the exit would go unnoticed: kill it rather than leave an unmanaged child.
                    Libc.kill(childPid, Signals.SIGKILL);
                    Libc.waitpid(childPid, 0);
                    throw new NativeException("pidfd_open", -pidfd);
                }
                Libc.setNonBlocking(in[1]);
                Libc.setNonBlocking(out[0]);
                if (err != null) Libc.setNonBlocking(err[0]);
                ok = true;
                return new SpawnedChild(childPid, pidfd, in[1], out[0], err == null ? -1 : err[0]);
            } finally {
                Libc.fileActionsDestroy(actions);
                Libc.attrDestroy(attr);
            }
        } finally {
            // The child has its copies (or was never born): the parent keeps only its own ends, and only on success.
            closeQuietly(in, 0);
            closeQuietly(out, 1);
            closeQuietly(err, 1);
            if (!ok) {
                closeQuietly(in, 1);
                closeQuietly(out, 0);
                closeQuietly(err, 0);
            }
        }
    }

    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) array.setAtIndex(ADDRESS, i, arena.allocateFrom(strings.get(i)));
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(String what, int rc) throws NativeException {
        if (rc != 0) throw new NativeException(what, rc);
    }

    private static void closeQuietly(int[] pipe, int end) {
        if (pipe != null) Libc.close(pipe[end]);
    }
}
