package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
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

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle GETRLIMIT = handle("getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SETRLIMIT = handle("setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle INITGROUPS = handle("initgroups", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETGID = handle("setgid", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SETUID = handle("setuid", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CHDIR = handle("chdir", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle UMASK = LINKER.downcallHandle(LINKER.defaultLookup().find("umask").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private OwnProcess() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd,
                Linker.Option.captureCallState("errno"));
    }

    /** A resource limit: {@link #UNLIMITED} for no limit. */
    public record Limit(long soft, long hard) {}

    public static Limit getrlimit(int resource) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment rl = arena.allocate(16, 8);
            int rc = (int) GETRLIMIT.invokeExact(state, resource, rl);
            if (rc != 0) throw new IllegalStateException("getrlimit: " + Errno.name(-(int) ERRNO.get(state, 0L)));
            return new Limit(rl.get(JAVA_LONG, 0), rl.get(JAVA_LONG, 8));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("getrlimit failed", t);
        }
    }

    public static int setrlimit(int resource, Limit limit) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment rl = arena.allocate(16, 8);
            rl.set(JAVA_LONG, 0, limit.soft());
            rl.set(JAVA_LONG, 8, limit.hard());
            int rc = (int) SETRLIMIT.invokeExact(state, resource, rl);
            return rc == 0 ? 0 : -(int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("setrlimit failed", t);
        }
    }

    /** Supplementary groups of {@code user}, then its gid, then its uid: the order that still has the right to. */
    public static int becomeUser(UserInfo user) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) INITGROUPS.invokeExact(state, arena.allocateFrom(user.name()), user.gid());
            if (rc != 0) return -(int) ERRNO.get(state, 0L);
            rc = (int) SETGID.invokeExact(state, user.gid());
            if (rc != 0) return -(int) ERRNO.get(state, 0L);
            rc = (int) SETUID.invokeExact(state, user.uid());
            return rc == 0 ? 0 : -(int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("setuid failed", t);
        }
    }

    public static int chdir(String directory) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) CHDIR.invokeExact(state, arena.allocateFrom(directory));
            return rc == 0 ? 0 : -(int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("chdir failed", t);
        }
    }

    /** @return the previous mask */
    public static int umask(int mask) {
        try {
            return (int) UMASK.invokeExact(mask);
        } catch (Throwable t) {
            throw new IllegalStateException("umask failed", t);
        }
    }
}
