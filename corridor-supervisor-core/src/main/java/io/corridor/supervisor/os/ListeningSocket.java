package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.corridor.supervisor.os.NativeCall.address;
import static io.corridor.supervisor.os.NativeCall.call;
import static io.corridor.supervisor.os.NativeCall.errno;
import static io.corridor.supervisor.os.NativeCall.state;
import static io.corridor.supervisor.os.NativeCall.symbol;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A listening stream socket made with libc, so that its descriptor can be handed to children as their fd 0
 * (FastCGI pools): the JDK's server channels do not expose their descriptors. It is created close-on-exec; the
 * spawn's {@code dup2} to fd 0 gives the child its copy. As supervisord's {@code datatypes.py}: a unix socket
 * replaces a stale file, gets its owner and mode, and a TCP socket is {@code SO_REUSEADDR}, IPv4.
 */
public final class ListeningSocket {
    private static final int AF_INET = 2, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1, SO_REUSEADDR = 2;
    /** glibc's SOMAXCONN, what Python's {@code socket.SOMAXCONN} is; the kernel caps it at net.core.somaxconn. */
    public static final int SOMAXCONN = 4096;

    // Through NativeCall's one downcall handle, as every libc call of this package: no handle class of its own.
    private static final MemorySegment SOCKET = symbol("socket"), BIND = symbol("bind"), LISTEN = symbol("listen"),
            SETSOCKOPT = symbol("setsockopt"), CHMOD = symbol("chmod"), CHOWN = symbol("chown");

    private ListeningSocket() {}

    /**
     * A listening unix socket at {@code path} (an existing file there is removed first).
     * @param uid -1 to keep the owner; {@code gid} -1 to keep the group
     * @return the descriptor
     */
    public static int unix(Path path, int uid, int gid, int mode, int backlog) throws NativeException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SockaddrUn.SUN_PATH_MAX) throw new NativeException("AF_UNIX path too long: " + path, 36 /* ENAMETOOLONG */);
        try {
            Files.deleteIfExists(path);
        } catch (java.io.IOException e) {
            throw new NativeException("cannot remove " + path + ": " + e.getMessage(), 1 /* EPERM */);
        }
        int fd = streamSocket(Libc.AF_UNIX);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = state();
            boolean ok = false;
            try {
                MemorySegment addr = SockaddrUn.of(arena, name);
                check(state, "bind", (int) call(BIND, state, fd, address(addr), addr.byteSize()));
                MemorySegment cpath = arena.allocateFrom(path.toString());
                if (uid != -1 || gid != -1) check(state, "chown", (int) call(CHOWN, state, address(cpath), uid, gid));
                check(state, "chmod", (int) call(CHMOD, state, address(cpath), mode));
                check(state, "listen", (int) call(LISTEN, state, fd, backlog));
                ok = true;
                return fd;
            } finally {
                if (!ok) {
                    Libc.close(fd);
                    try {
                        Files.deleteIfExists(path);
                    } catch (java.io.IOException ignored) {
                        // the error being thrown says more
                    }
                }
            }
        }
    }

    /** A listening IPv4 TCP socket on {@code host:port}. @return the descriptor */
    public static int tcp(String host, int port, int backlog) throws NativeException {
        InetAddress ip;
        try {
            ip = Inet4Address.getByName(host);
            if (!(ip instanceof Inet4Address)) {
                for (InetAddress a : InetAddress.getAllByName(host)) if (a instanceof Inet4Address) ip = a;
            }
        } catch (UnknownHostException e) {
            throw new NativeException("cannot resolve " + host, 22 /* EINVAL */);
        }
        if (!(ip instanceof Inet4Address)) throw new NativeException(host + " has no IPv4 address", 22);
        int fd = streamSocket(AF_INET);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = state();
            boolean ok = false;
            try {
                MemorySegment one = arena.allocateFrom(JAVA_INT, 1);
                check(state, "setsockopt", (int) call(SETSOCKOPT, state, fd, SOL_SOCKET, SO_REUSEADDR, address(one), 4, 0));
                MemorySegment addr = arena.allocate(16, 4);
                addr.set(JAVA_SHORT, 0, (short) AF_INET);
                addr.set(JAVA_BYTE, 2, (byte) (port >> 8));
                addr.set(JAVA_BYTE, 3, (byte) port);
                MemorySegment.copy(ip.getAddress(), 0, addr, JAVA_BYTE, 4, 4);
                check(state, "bind", (int) call(BIND, state, fd, address(addr), 16));
                check(state, "listen", (int) call(LISTEN, state, fd, backlog));
                ok = true;
                return fd;
            } finally {
                if (!ok) Libc.close(fd);
            }
        }
    }

    /** A close-on-exec stream socket of {@code family}. @return the descriptor */
    private static int streamSocket(int family) throws NativeException {
        MemorySegment state = state();
        int fd = (int) call(SOCKET, state, family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw new NativeException("socket", errno(state));
        return fd;
    }

    private static void check(MemorySegment state, String what, int rc) throws NativeException {
        if (rc != 0) throw new NativeException(what, errno(state));
    }
}
