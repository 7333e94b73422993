package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The libc calls the engine needs, bound once through FFM. Each wrapper returns the raw C result, with
 * {@code -errno} in place of -1 so callers never touch thread-local errno. Symbols that only newer glibc versions
 * have are checked at class initialisation, so a too-old libc fails at startup with a message, not mid-spawn.
 */
public final class Libc {
    public static final int O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public static final int F_GETFL = 3, F_SETFL = 4, F_SETPIPE_SZ = 1031;
    public static final int WNOHANG = 1;
    public static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2;
    public static final int EPOLLIN = 0x1, EPOLLERR = 0x8, EPOLLHUP = 0x10;
    public static final int EFD_NONBLOCK = O_NONBLOCK, EFD_CLOEXEC = O_CLOEXEC;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    /** posix_spawnattr flags (glibc spawn.h). */
    public static final short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;
    /** Generous upper bounds of glibc's opaque spawn structs (80 and 336 bytes on x86-64) and of sigset_t (128). */
    static final long FILE_ACTIONS_SIZE = 256, SPAWNATTR_SIZE = 512, SIGSET_SIZE = 128;
    private static final long SYS_PIDFD_OPEN = 434;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle PIPE2 = errnoHandle("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = errnoHandle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = errnoHandle("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = errnoHandle("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle FCNTL = errnoHandle("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle KILL = errnoHandle("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WAITPID = errnoHandle("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SYSCALL_PIDFD_OPEN = errnoHandle("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle EPOLL_CREATE1 = errnoHandle("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = errnoHandle("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = errnoHandle("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = errnoHandle("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle PRCTL = errnoHandle("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));

    // posix_spawn family: these return an error number directly instead of setting errno.
    private static final MethodHandle SPAWN = plainHandle("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = plainHandle("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = plainHandle("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_ADDDUP2 = plainHandle("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_ADDCLOSEFROM = plainHandle("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FA_ADDCHDIR = plainHandle("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_INIT = plainHandle("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = plainHandle("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS = plainHandle("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = plainHandle("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT = plainHandle("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = plainHandle("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGFILLSET = plainHandle("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GETPAGESIZE = plainHandle("getpagesize", FunctionDescriptor.of(JAVA_INT));

    /** Each thread reuses one errno capture segment: the owner and I/O threads call these in tight loops. */
    private static final ThreadLocal<MemorySegment> CALL_STATE_SEGMENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private Libc() {}

    private static MethodHandle errnoHandle(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    private static MethodHandle plainHandle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd);
    }

    private static MemorySegment symbol(String name) {
        Optional<MemorySegment> s = LIBC.find(name);
        return s.orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name
                + ": corridor-supervisor needs Linux with glibc >= 2.34 (posix_spawn_file_actions_addclosefrom_np)"));
    }

    private static MemorySegment state() {
        return CALL_STATE_SEGMENT.get();
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static IllegalStateException linkFailure(Throwable t) {
        return new IllegalStateException("native call failed", t);
    }

    // ------------------------------------------------------------------ file descriptors

    /** @return {readEnd, writeEnd}, both close-on-exec; throws on EMFILE and friends */
    public static int[] pipe() throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            MemorySegment st = state();
            int r = (int) PIPE2.invokeExact(st, fds, O_CLOEXEC);
            if (r != 0) throw new NativeException("pipe2", errno(st));
            return new int[]{fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    public static int close(int fd) {
        try {
            MemorySegment st = state();
            int r = (int) CLOSE.invokeExact(st, fd);
            return r == 0 ? 0 : -errno(st);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    /** @return bytes read, 0 at EOF, or -errno (-EAGAIN when a non-blocking pipe is empty) */
    public static long read(int fd, MemorySegment buffer, long length) {
        try {
            MemorySegment st = state();
            long r = (long) READ.invokeExact(st, fd, buffer, length);
            return r >= 0 ? r : -errno(st);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    /** @return bytes written or -errno */
    public static long write(int fd, MemorySegment buffer, long length) {
        try {
            MemorySegment st = state();
            long r = (long) WRITE.invokeExact(st, fd, buffer, length);
            return r >= 0 ? r : -errno(st);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    public static int fcntl(int fd, int cmd, int arg) {
        try {
            MemorySegment st = state();
            int r = (int) FCNTL.invokeExact(st, fd, cmd, arg);
            return r >= 0 ? r : -errno(st);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    public static void setNonBlocking(int fd) {
        int flags = fcntl(fd, F_GETFL, 0);
        if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }

    // ------------------------------------------------------------------ processes

    /** @return 0 or -errno (-ESRCH when nothing has that pid) */
    public static int kill(int pid, int signal) {
        try {
            MemorySegment st = state();
            int r = (int) KILL.invokeExact(st, pid, signal);
            return r == 0 ? 0 : -errno(st);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    /** {@code waitpid(pid, &status, options)}: the pid and its raw wait status, 0 if still running, or -errno. */
    public static WaitResult waitpid(int pid, int options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment st = state();
            int r = (int) WAITPID.invokeExact(st, pid, status, options);
            return new WaitResult(r >= 0 ? r : -errno(st), status.get(JAVA_INT, 0));
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    /** A pidfd (close-on-exec by kernel contract) that turns readable when the process exits; or -errno. */
    public static int pidfdOpen(int pid) {
        try {
            MemorySegment st = state();
            long r = (long) SYSCALL_PIDFD_OPEN.invokeExact(st, SYS_PIDFD_OPEN, pid, 0);
            return r >= 0 ? (int) r : -errno(st);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    public static int prctl(int option, long arg) {
        try {
            MemorySegment st = state();
            int r = (int) PRCTL.invokeExact(st, option, arg, 0L, 0L, 0L);
            return r >= 0 ? r : -errno(st);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    /** Bytes per page: the unit of {@code /proc/PID/stat}'s rss (4 KiB on x86-64, up to 64 KiB on arm64). */
    public static int pageSize() {
        try {
            return (int) GETPAGESIZE.invokeExact();
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    // ------------------------------------------------------------------ epoll / eventfd

    public static int epollCreate() throws NativeException {
        try {
            MemorySegment st = state();
            int r = (int) EPOLL_CREATE1.invokeExact(st, O_CLOEXEC);
            if (r < 0) throw new NativeException("epoll_create1", errno(st));
            return r;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    /** @param event an {@link EpollEvents} slot, or NULL for DEL; @return 0 or -errno */
    public static int epollCtl(int epfd, int op, int fd, MemorySegment event) {
        try {
            MemorySegment st = state();
            int r = (int) EPOLL_CTL.invokeExact(st, epfd, op, fd, event);
            return r == 0 ? 0 : -errno(st);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    /** @return number of ready events, or -errno (-EINTR is normal) */
    public static int epollWait(int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            MemorySegment st = state();
            int r = (int) EPOLL_WAIT.invokeExact(st, epfd, events, max, timeoutMillis);
            return r >= 0 ? r : -errno(st);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    public static int eventfd() throws NativeException {
        try {
            MemorySegment st = state();
            int r = (int) EVENTFD.invokeExact(st, 0, EFD_NONBLOCK | EFD_CLOEXEC);
            if (r < 0) throw new NativeException("eventfd", errno(st));
            return r;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    // ------------------------------------------------------------------ posix_spawn

    static int posixSpawn(MemorySegment pidOut, MemorySegment path, MemorySegment fileActions, MemorySegment attr,
                          MemorySegment argv, MemorySegment envp) {
        try {
            return (int) SPAWN.invokeExact(pidOut, path, fileActions, attr, argv, envp);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    static int fileActionsInit(MemorySegment fa) { return call1(FA_INIT, fa); }

    static int fileActionsDestroy(MemorySegment fa) { return call1(FA_DESTROY, fa); }

    static int fileActionsAddDup2(MemorySegment fa, int fd, int newFd) {
        try {
            return (int) FA_ADDDUP2.invokeExact(fa, fd, newFd);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    static int fileActionsAddCloseFrom(MemorySegment fa, int from) {
        try {
            return (int) FA_ADDCLOSEFROM.invokeExact(fa, from);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    static int fileActionsAddChdir(MemorySegment fa, MemorySegment path) {
        try {
            return (int) FA_ADDCHDIR.invokeExact(fa, path);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    static int attrInit(MemorySegment attr) { return call1(ATTR_INIT, attr); }

    static int attrDestroy(MemorySegment attr) { return call1(ATTR_DESTROY, attr); }

    static int attrSetFlags(MemorySegment attr, short flags) {
        try {
            return (int) ATTR_SETFLAGS.invokeExact(attr, flags);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    static int attrSetSigMask(MemorySegment attr, MemorySegment set) { return call2(ATTR_SETSIGMASK, attr, set); }

    static int attrSetSigDefault(MemorySegment attr, MemorySegment set) { return call2(ATTR_SETSIGDEFAULT, attr, set); }

    static int sigEmptySet(MemorySegment set) { return call1(SIGEMPTYSET, set); }

    static int sigFillSet(MemorySegment set) { return call1(SIGFILLSET, set); }

    private static int call1(MethodHandle h, MemorySegment a) {
        try {
            return (int) h.invokeExact(a);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }

    private static int call2(MethodHandle h, MemorySegment a, MemorySegment b) {
        try {
            return (int) h.invokeExact(a, b);
        } catch (Throwable t) {
            throw linkFailure(t);
        }
    }
}
