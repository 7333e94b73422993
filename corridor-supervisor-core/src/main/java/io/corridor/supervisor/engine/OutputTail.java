package io.corridor.supervisor.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last few KiB a process wrote (stdout and stderr interleaved as they arrived), kept whether or not its output
 * goes to a file, so an exit record can say what the process said last. Appended by the I/O thread, read by the
 * owner thread when the exit is recorded.
 */
final class OutputTail {
    static final int CAPACITY = 4096;

    // Allocated by the first output: a child that never writes costs nothing (4 MiB of heap at 1000 idle children).
    private byte[] ring;
    private long written;   // total bytes ever appended; ring position is written % CAPACITY

    /** I/O thread; copies at most the last {@link #CAPACITY} bytes of {@code bytes}, leaves its position alone. */
    synchronized void append(ByteBuffer bytes) {
        if (!bytes.hasRemaining()) return;
        if (ring == null) ring = new byte[CAPACITY];
        // Two bulk copies, not a loop per byte: this runs for every read of every child's output (a byte loop
        // with a long modulo cost 0.3 s of server CPU per 500 MB logged).
        int take = Math.min(bytes.remaining(), CAPACITY);
        int from = bytes.limit() - take;
        int at = (int) (written % CAPACITY);
        int first = Math.min(take, CAPACITY - at);
        bytes.get(from, ring, at, first);
        bytes.get(from + first, ring, 0, take - first);
        written += take;
    }

    /** The last {@code max} lines (a trailing partial line counts), oldest first; blank lines dropped. */
    synchronized List<String> lines(int max) {
        if (written == 0) return List.of();
        int size = (int) Math.min(written, CAPACITY);
        byte[] bytes = new byte[size];
        long start = written - size;
        for (int i = 0; i < size; i++) bytes[i] = ring[(int) ((start + i) % CAPACITY)];
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] all = text.split("\r?\n");
        // the first line may have been cut by the ring: drop it unless the ring holds everything ever written
        int from = written > CAPACITY && all.length > 1 ? 1 : 0;
        List<String> out = new ArrayList<>();
        for (String l : Arrays.asList(all).subList(from, all.length)) if (!l.isBlank()) out.add(l);
        return out.size() <= max ? out : List.copyOf(out.subList(out.size() - max, out.size()));
    }

    synchronized void clear() {
        written = 0;
    }
}
