package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
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
    private static final int AF_UNIX = 1, AF_INET = 2, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1, SO_REUSEADDR = 2;
    /** glibc's SOMAXCONN, what Python's {@code socket.SOMAXCONN} is; the kernel caps it at net.core.somaxconn. */
    public static final int SOMAXCONN = 4096;
    private static final int SUN_PATH_MAX = 108;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = handle("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CHMOD = handle("chmod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CHOWN = handle("chown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    private ListeningSocket() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd,
                Linker.Option.captureCallState("errno"));
    }

    /**
     * A listening unix socket at {@code path} (an existing file there is removed first).
     * @param uid -1 to keep the owner; {@code gid} -1 to keep the group
     * @return the descriptor
     */
    public static int unix(Path path, int uid, int gid, int mode, int backlog) throws NativeException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_MAX) throw new NativeException("AF_UNIX path too long: " + path, 36 /* ENAMETOOLONG */);
        try {
            Files.deleteIfExists(path);
        } catch (java.io.IOException e) {
            throw new NativeException("cannot remove " + path + ": " + e.getMessage(), 1 /* EPERM */);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) throw new NativeException("socket", errno(state));
            boolean ok = false;
            try {
                MemorySegment addr = arena.allocate(2 + SUN_PATH_MAX, 2);
                addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
                MemorySegment.copy(name, 0, addr, JAVA_BYTE, 2, name.length);
                check(state, "bind", (int) BIND.invokeExact(state, fd, addr, 2 + name.length + 1));
                MemorySegment cpath = arena.allocateFrom(path.toString());
                if (uid != -1 || gid != -1) check(state, "chown", (int) CHOWN.invokeExact(state, cpath, uid, gid));
                check(state, "chmod", (int) CHMOD.invokeExact(state, cpath, mode));
                check(state, "listen", (int) LISTEN.invokeExact(state, fd, backlog));
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
        } catch (NativeException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("socket call failed", t);
        }
    }

    /** A listening IPv4 TCP socket on {@code host:port}. @return the descriptor */
    public static int tcp(String host, int port, int backlog) throws NativeException {
        InetAddress address;
        try {
            address = Inet4Address.getByName(host);
            if (!(address instanceof Inet4Address)) {
                for (InetAddress a : InetAddress.getAllByName(host)) if (a instanceof Inet4Address) address = a;
            }
        } catch (UnknownHostException e) {
            throw new NativeException("cannot resolve " + host, 22 /* EINVAL */);
        }
        if (!(address instanceof Inet4Address)) throw new NativeException(host + " has no IPv4 address", 22);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) throw new NativeException("socket", errno(state));
            boolean ok = false;
            try {
                MemorySegment one = arena.allocateFrom(JAVA_INT, 1);
                check(state, "setsockopt", (int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_REUSEADDR, one, 4));
                MemorySegment addr = arena.allocate(16, 4);
                addr.set(JAVA_SHORT, 0, (short) AF_INET);
                addr.set(JAVA_BYTE, 2, (byte) (port >> 8));
                addr.set(JAVA_BYTE, 3, (byte) port);
                MemorySegment.copy(address.getAddress(), 0, addr, JAVA_BYTE, 4, 4);
                check(state, "bind", (int) BIND.invokeExact(state, fd, addr, 16));
                check(state, "listen", (int) LISTEN.invokeExact(state, fd, backlog));
                ok = true;
                return fd;
            } finally {
                if (!ok) Libc.close(fd);
            }
        } catch (NativeException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("socket call failed", t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static void check(MemorySegment state, String what, int rc) throws NativeException {
        if (rc != 0) throw new NativeException(what, errno(state));
    }
}
