package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.corridor.supervisor.os.NativeCall.address;
import static io.corridor.supervisor.os.NativeCall.call;
import static io.corridor.supervisor.os.NativeCall.errno;
import static io.corridor.supervisor.os.NativeCall.state;
import static io.corridor.supervisor.os.NativeCall.symbol;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * What supervisord does to its own process at start-up, through libc: resource limits ({@code minfds},
 * {@code minprocs}), dropping root ({@code [supervisord] user}: {@code initgroups}, {@code setgid},
 * {@code setuid}; glibc applies the ids to every thread of the JVM), and, when daemonized, {@code umask} and
 * {@code chdir}. Each call returns 0 or {@code -errno}.
 */
public final class OwnProcess {
    public static final int RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7;
    /** {@code RLIM_INFINITY}: all bits set. */
    public static final long UNLIMITED = -1L;

    private static final MemorySegment GETRLIMIT = symbol("getrlimit"), SETRLIMIT = symbol("setrlimit"),
            INITGROUPS = symbol("initgroups"), SETGID = symbol("setgid"), SETUID = symbol("setuid"),
            CHDIR = symbol("chdir"), UMASK = symbol("umask");

    private OwnProcess() {}

    /** A resource limit: {@link #UNLIMITED} for no limit. */
    public record Limit(long soft, long hard) {}

    public static Limit getrlimit(int resource) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = state();
            MemorySegment rl = arena.allocate(16, 8);
            int rc = (int) call(GETRLIMIT, st, resource, address(rl));
            if (rc != 0) throw new IllegalStateException("getrlimit: " + Errno.name(errno(st)));
            return new Limit(rl.get(JAVA_LONG, 0), rl.get(JAVA_LONG, 8));
        }
    }

    public static int setrlimit(int resource, Limit limit) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = state();
            MemorySegment rl = arena.allocate(16, 8);
            rl.set(JAVA_LONG, 0, limit.soft());
            rl.set(JAVA_LONG, 8, limit.hard());
            int rc = (int) call(SETRLIMIT, st, resource, address(rl));
            return rc == 0 ? 0 : -errno(st);
        }
    }

    /** Supplementary groups of {@code user}, then its gid, then its uid: the order that still has the right to. */
    public static int becomeUser(UserInfo user) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = state();
            int rc = (int) call(INITGROUPS, st, address(arena.allocateFrom(user.name())), user.gid());
            if (rc != 0) return -errno(st);
            rc = (int) call(SETGID, st, user.gid());
            if (rc != 0) return -errno(st);
            rc = (int) call(SETUID, st, user.uid());
            return rc == 0 ? 0 : -errno(st);
        }
    }

    public static int chdir(String directory) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = state();
            int rc = (int) call(CHDIR, st, address(arena.allocateFrom(directory)));
            return rc == 0 ? 0 : -errno(st);
        }
    }

    /** @return the previous mask */
    public static int umask(int mask) {
        return (int) call(UMASK, state(), mask);
    }
}
