package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Unix datagram sockets through libc, for the local syslog socket ({@code /dev/log}): the JDK's datagram channels
 * have no {@code AF_UNIX}. Sends never block ({@code MSG_DONTWAIT}): a syslog daemon that does not keep up loses
 * lines rather than stalling the supervisor.
 */
public final class UnixDatagram {
    private static final int AF_UNIX = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_MAX = 108;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDTO = handle("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = handle("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private UnixDatagram() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd,
                Linker.Option.captureCallState("errno"));
    }

    /** An unbound datagram socket. @return the descriptor, or -errno */
    public static int open() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            return fd >= 0 ? fd : -(int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("socket failed", t);
        }
    }

    /** A datagram socket bound to {@code path} (for a receiver). @return the descriptor, or -errno */
    public static int bind(Path path) {
        int fd = open();
        if (fd < 0) return fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment addr = address(arena, path);
            int rc = (int) BIND.invokeExact(state, fd, addr, (int) addr.byteSize());
            if (rc == 0) return fd;
            int errno = (int) ERRNO.get(state, 0L);
            Libc.close(fd);
            return -errno;
        } catch (Throwable t) {
            throw new IllegalStateException("bind failed", t);
        }
    }

    /** Sends one datagram to {@code path} without blocking. @return 0, or -errno */
    public static int send(int fd, Path path, byte[] message) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment addr = address(arena, path);
            MemorySegment buf = arena.allocateFrom(JAVA_BYTE, message);
            long n = (long) SENDTO.invokeExact(state, fd, buf, (long) message.length, MSG_DONTWAIT | MSG_NOSIGNAL,
                    addr, (int) addr.byteSize());
            return n >= 0 ? 0 : -(int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("sendto failed", t);
        }
    }

    /** One waiting datagram, without blocking. @return its bytes, or null when none is waiting */
    public static byte[] receive(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment buf = arena.allocate(65536);
            long n = (long) RECV.invokeExact(state, fd, buf, 65536L, MSG_DONTWAIT);
            return n < 0 ? null : buf.asSlice(0, n).toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw new IllegalStateException("recv failed", t);
        }
    }

    private static MemorySegment address(Arena arena, Path path) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_MAX) throw new IllegalArgumentException("AF_UNIX path too long: " + path);
        MemorySegment addr = arena.allocate(2 + name.length + 1, 2);
        addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, addr, JAVA_BYTE, 2, name.length);
        return addr;
    }
}
