package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * An array of {@code struct epoll_event { uint32_t events; uint64_t data; }}. The kernel packs it on x86-64
 * (12 bytes, data at offset 4) but not on other 64-bit architectures (16 bytes, data at 8).
 */
public final class EpollEvents {
    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    static final long SIZE = PACKED ? 12 : 16;
    private static final long DATA = PACKED ? 4 : 8;

    private final MemorySegment segment;
    private final int capacity;

    public EpollEvents(Arena arena, int capacity) {
        this.segment = arena.allocate(SIZE * capacity, 8);
        this.capacity = capacity;
    }

    public MemorySegment segment() { return segment; }

    public int capacity() { return capacity; }

    public int events(int i) { return segment.get(JAVA_INT_UNALIGNED, i * SIZE); }

    public long data(int i) { return segment.get(JAVA_LONG_UNALIGNED, i * SIZE + DATA); }

    /** Fills slot 0 for an {@code epoll_ctl} call and returns it. */
    public MemorySegment single(int events, long data) {
        segment.set(JAVA_INT_UNALIGNED, 0, events);
        segment.set(JAVA_LONG_UNALIGNED, DATA, data);
        return segment.asSlice(0, SIZE);
    }
}
