package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A {@code struct sockaddr_un} for a path, as every {@code AF_UNIX} call of this package (the notify socket, syslog's
 * datagram socket, FastCGI pools' listening sockets) passes it: a 2-byte family and the NUL-terminated path. The
 * segment is exactly that long, and its size is the length to pass to {@code bind} and {@code sendto}.
 */
final class SockaddrUn {
    /** The size of {@code sun_path}; a path needs one byte less, for its NUL. */
    static final int SUN_PATH_MAX = 108;

    private SockaddrUn() {}

    /** @param path the path's bytes, shorter than {@link #SUN_PATH_MAX} (the caller checks, with its own error) */
    static MemorySegment of(Arena arena, byte[] path) {
        MemorySegment addr = arena.allocate(2 + path.length + 1, 2);
        addr.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(path, 0, addr, JAVA_BYTE, 2, path.length);
        return addr;
    }
}
