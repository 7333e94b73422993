package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.corridor.supervisor.os.NativeCall.address;
import static io.corridor.supervisor.os.NativeCall.call;
import static io.corridor.supervisor.os.NativeCall.errno;
import static io.corridor.supervisor.os.NativeCall.state;
import static io.corridor.supervisor.os.NativeCall.symbol;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The libc calls the engine needs, all through {@link NativeCall}'s one downcall handle. Each wrapper returns the raw C result, with
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

    private static final MemorySegment PIPE2 = symbol("pipe2"), CLOSE = symbol("close"), READ = symbol("read"),
            WRITE = symbol("write"), FCNTL = symbol("fcntl"), KILL = symbol("kill"), WAITPID = symbol("waitpid"),
            SYSCALL = symbol("syscall"), EPOLL_CREATE1 = symbol("epoll_create1"), EPOLL_CTL = symbol("epoll_ctl"),
            EPOLL_WAIT = symbol("epoll_wait"), EVENTFD = symbol("eventfd"), PRCTL = symbol("prctl"),
            GETPAGESIZE = symbol("getpagesize"), SOCKET = symbol("socket"), BIND = symbol("bind"),
            OPEN = symbol("open"), LSEEK = symbol("lseek"), STRERROR = symbol("strerror");
    // posix_spawn family: these return an error number directly instead of setting errno.
    private static final MemorySegment SPAWN = symbol("posix_spawn"),
            FA_INIT = symbol("posix_spawn_file_actions_init"), FA_DESTROY = symbol("posix_spawn_file_actions_destroy"),
            FA_ADDDUP2 = symbol("posix_spawn_file_actions_adddup2"),
            FA_ADDCLOSEFROM = symbol("posix_spawn_file_actions_addclosefrom_np"),
            FA_ADDCLOSE = symbol("posix_spawn_file_actions_addclose"),
            FA_ADDCHDIR = symbol("posix_spawn_file_actions_addchdir_np"),
            ATTR_INIT = symbol("posix_spawnattr_init"), ATTR_DESTROY = symbol("posix_spawnattr_destroy"),
            ATTR_SETFLAGS = symbol("posix_spawnattr_setflags"), ATTR_SETSIGMASK = symbol("posix_spawnattr_setsigmask"),
            ATTR_SETSIGDEFAULT = symbol("posix_spawnattr_setsigdefault"), SIGEMPTYSET = symbol("sigemptyset"),
            SIGFILLSET = symbol("sigfillset");

    private Libc() {}


    // ------------------------------------------------------------------ file descriptors

    /** @return {readEnd, writeEnd}, both close-on-exec; throws on EMFILE and friends */
    public static int[] pipe() throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            MemorySegment st = state();
            int r = (int) call(PIPE2, st, address(fds), O_CLOEXEC);
            if (r != 0) throw new NativeException("pipe2", errno(st));
            return new int[]{fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    public static final int O_WRONLY = 0x1, O_CREAT = 0x40, O_TRUNC = 0x200, O_APPEND = 0x400;
    public static final int SEEK_END = 2;

    /** {@code open(path, flags, mode)}: the fd, or -errno. */
    public static int open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            MemorySegment st = state();
            int r = (int) call(OPEN, st, address(cPath), flags, mode);
            return r >= 0 ? r : -errno(st);
        }
    }

    /** @return the resulting offset (with SEEK_END and offset 0: the file's size), or -errno */
    public static long lseek(int fd, long offset, int whence) {
        MemorySegment st = state();
        long r = call(LSEEK, st, fd, offset, whence);
        return r >= 0 ? r : -errno(st);
    }

    /** The C library's text for an errno ({@code "No space left on device"}), as the JDK's I/O exceptions say it. */
    public static String strerror(int errno) {
        long text = call(STRERROR, state(), Math.abs(errno));
        return text == 0 ? Errno.name(errno) : MemorySegment.ofAddress(text).reinterpret(1024).getString(0);
    }

    public static int close(int fd) {
        MemorySegment st = state();
        int r = (int) call(CLOSE, st, fd);
        return r == 0 ? 0 : -errno(st);
    }

    public static final int AF_UNIX = 1, SOCK_DGRAM = 2, SOCK_NONBLOCK = O_NONBLOCK, SOCK_CLOEXEC = O_CLOEXEC;

    /**
     * A non-blocking, close-on-exec Unix datagram socket bound to {@code path} (which must not exist yet).
     * @return the fd; throws on failure (ENAMETOOLONG when the path does not fit in sun_path)
     */
    public static int unixDatagramSocket(String path) throws NativeException {
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length >= SockaddrUn.SUN_PATH_MAX) throw new NativeException("bind " + path, Errno.ENAMETOOLONG);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = state();
            int fd = (int) call(SOCKET, st, AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0) throw new NativeException("socket", errno(st));
            MemorySegment addr = SockaddrUn.of(arena, bytes);
            int r = (int) call(BIND, st, fd, address(addr), addr.byteSize());
            if (r != 0) {
                int err = errno(st);
                close(fd);
                throw new NativeException("bind " + path, err);
            }
            return fd;
        }
    }

    /** @return bytes read, 0 at EOF, or -errno (-EAGAIN when a non-blocking pipe is empty) */
    public static long read(int fd, MemorySegment buffer, long length) {
        MemorySegment st = state();
        long r = call(READ, st, fd, address(buffer), length);
        return r >= 0 ? r : -errno(st);
    }

    /** @return bytes written or -errno */
    public static long write(int fd, MemorySegment buffer, long length) {
        MemorySegment st = state();
        long r = call(WRITE, st, fd, address(buffer), length);
        return r >= 0 ? r : -errno(st);
    }

    public static int fcntl(int fd, int cmd, int arg) {
        MemorySegment st = state();
        int r = (int) call(FCNTL, st, fd, cmd, arg);
        return r >= 0 ? r : -errno(st);
    }

    public static void setNonBlocking(int fd) {
        int flags = fcntl(fd, F_GETFL, 0);
        if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }

    // ------------------------------------------------------------------ processes

    /** @return 0 or -errno (-ESRCH when nothing has that pid) */
    public static int kill(int pid, int signal) {
        MemorySegment st = state();
        int r = (int) call(KILL, st, pid, signal);
        return r == 0 ? 0 : -errno(st);
    }

    /** {@code waitpid(pid, &status, options)}: the pid and its raw wait status, 0 if still running, or -errno. */
    public static WaitResult waitpid(int pid, int options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment st = state();
            int r = (int) call(WAITPID, st, pid, address(status), options);
            return new WaitResult(r >= 0 ? r : -errno(st), status.get(JAVA_INT, 0));
        }
    }

    /** A pidfd (close-on-exec by kernel contract) that turns readable when the process exits; or -errno. */
    public static int pidfdOpen(int pid) {
        MemorySegment st = state();
        long r = call(SYSCALL, st, SYS_PIDFD_OPEN, pid, 0);
        return r >= 0 ? (int) r : -errno(st);
    }

    public static int prctl(int option, long arg) {
        MemorySegment st = state();
        int r = (int) call(PRCTL, st, option, arg, 0, 0, 0, 0);
        return r >= 0 ? r : -errno(st);
    }

    /** Bytes per page: the unit of {@code /proc/PID/stat}'s rss (4 KiB on x86-64, up to 64 KiB on arm64). */
    public static int pageSize() {
        return (int) call(GETPAGESIZE, state());
    }

    // ------------------------------------------------------------------ epoll / eventfd

    public static int epollCreate() throws NativeException {
        MemorySegment st = state();
        int r = (int) call(EPOLL_CREATE1, st, O_CLOEXEC);
        if (r < 0) throw new NativeException("epoll_create1", errno(st));
        return r;
    }

    /** @param event an {@link EpollEvents} slot, or NULL for DEL; @return 0 or -errno */
    public static int epollCtl(int epfd, int op, int fd, MemorySegment event) {
        MemorySegment st = state();
        int r = (int) call(EPOLL_CTL, st, epfd, op, fd, address(event));
        return r == 0 ? 0 : -errno(st);
    }

    /** @return number of ready events, or -errno (-EINTR is normal) */
    public static int epollWait(int epfd, MemorySegment events, int max, int timeoutMillis) {
        MemorySegment st = state();
        int r = (int) call(EPOLL_WAIT, st, epfd, address(events), max, timeoutMillis);
        return r >= 0 ? r : -errno(st);
    }

    public static int eventfd() throws NativeException {
        MemorySegment st = state();
        int r = (int) call(EVENTFD, st, 0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (r < 0) throw new NativeException("eventfd", errno(st));
        return r;
    }

    // ------------------------------------------------------------------ posix_spawn

    static int posixSpawn(MemorySegment pidOut, MemorySegment path, MemorySegment fileActions, MemorySegment attr,
                          MemorySegment argv, MemorySegment envp) {
        return (int) call(SPAWN, state(), address(pidOut), address(path), address(fileActions), address(attr),
                address(argv), address(envp));
    }

    static int fileActionsInit(MemorySegment fa) { return call1(FA_INIT, fa); }

    static int fileActionsDestroy(MemorySegment fa) { return call1(FA_DESTROY, fa); }

    static int fileActionsAddDup2(MemorySegment fa, int fd, int newFd) {
        return (int) call(FA_ADDDUP2, state(), address(fa), fd, newFd);
    }

    static int fileActionsAddClose(MemorySegment fa, int fd) {
        return (int) call(FA_ADDCLOSE, state(), address(fa), fd);
    }

    static int fileActionsAddCloseFrom(MemorySegment fa, int from) {
        return (int) call(FA_ADDCLOSEFROM, state(), address(fa), from);
    }

    static int fileActionsAddChdir(MemorySegment fa, MemorySegment path) { return call2(FA_ADDCHDIR, fa, path); }

    static int attrInit(MemorySegment attr) { return call1(ATTR_INIT, attr); }

    static int attrDestroy(MemorySegment attr) { return call1(ATTR_DESTROY, attr); }

    static int attrSetFlags(MemorySegment attr, short flags) {
        return (int) call(ATTR_SETFLAGS, state(), address(attr), flags & 0xffff);
    }

    static int attrSetSigMask(MemorySegment attr, MemorySegment set) { return call2(ATTR_SETSIGMASK, attr, set); }

    static int attrSetSigDefault(MemorySegment attr, MemorySegment set) { return call2(ATTR_SETSIGDEFAULT, attr, set); }

    static int sigEmptySet(MemorySegment set) { return call1(SIGEMPTYSET, set); }

    static int sigFillSet(MemorySegment set) { return call1(SIGFILLSET, set); }

    private static int call1(MemorySegment fn, MemorySegment a) {
        return (int) call(fn, state(), address(a));
    }

    private static int call2(MemorySegment fn, MemorySegment a, MemorySegment b) {
        return (int) call(fn, state(), address(a), address(b));
    }
}
