package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.corridor.supervisor.os.NativeCall.address;
import static io.corridor.supervisor.os.NativeCall.call;
import static io.corridor.supervisor.os.NativeCall.errno;
import static io.corridor.supervisor.os.NativeCall.state;
import static io.corridor.supervisor.os.NativeCall.symbol;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Unix datagram sockets through libc, for the local syslog socket ({@code /dev/log}): the JDK's datagram channels
 * have no {@code AF_UNIX}. Sends never block ({@code MSG_DONTWAIT}): a syslog daemon that does not keep up loses
 * lines rather than stalling the supervisor.
 */
public final class UnixDatagram {
    private static final int MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000;

    // Through NativeCall's one downcall handle, as every libc call of this package: no handle class of its own.
    private static final MemorySegment SOCKET = symbol("socket"), BIND = symbol("bind"), SENDTO = symbol("sendto"),
            RECV = symbol("recv");

    private UnixDatagram() {}

    /** An unbound datagram socket. @return the descriptor, or -errno */
    public static int open() {
        MemorySegment state = state();
        int fd = (int) call(SOCKET, state, Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        return fd >= 0 ? fd : -errno(state);
    }

    /** A datagram socket bound to {@code path} (for a receiver). @return the descriptor, or -errno */
    public static int bind(Path path) {
        int fd = open();
        if (fd < 0) return fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = state();
            MemorySegment addr = sockaddr(arena, path);
            int rc = (int) call(BIND, state, fd, address(addr), addr.byteSize());
            if (rc == 0) return fd;
            int errno = errno(state);
            Libc.close(fd);
            return -errno;
        }
    }

    /** Sends one datagram to {@code path} without blocking. @return 0, or -errno */
    public static int send(int fd, Path path, byte[] message) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = state();
            MemorySegment addr = sockaddr(arena, path);
            MemorySegment buf = arena.allocateFrom(JAVA_BYTE, message);
            long n = call(SENDTO, state, fd, address(buf), message.length, MSG_DONTWAIT | MSG_NOSIGNAL,
                    address(addr), addr.byteSize());
            return n >= 0 ? 0 : -errno(state);
        }
    }

    /** One waiting datagram, without blocking. @return its bytes, or null when none is waiting */
    public static byte[] receive(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(65536);
            long n = call(RECV, state(), fd, address(buf), 65536L, MSG_DONTWAIT);
            return n < 0 ? null : buf.asSlice(0, n).toArray(JAVA_BYTE);
        }
    }

    private static MemorySegment sockaddr(Arena arena, Path path) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SockaddrUn.SUN_PATH_MAX) throw new IllegalArgumentException("AF_UNIX path too long: " + path);
        return SockaddrUn.of(arena, name);
    }
}
