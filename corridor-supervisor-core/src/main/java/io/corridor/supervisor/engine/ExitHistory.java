package io.corridor.supervisor.engine;

import io.corridor.supervisor.ExitReason;
import io.corridor.supervisor.ExitRecord;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The last {@link #SIZE} exits of every process, by namespec, oldest first, and a count of all exits by reason.
 * Kept by the engine across reloads and across removing and re-adding a group, so the history of a program that
 * keeps crashing survives the {@code update} meant to fix it. Records are added on the owner thread; the counters
 * are read by any thread (metrics).
 */
final class ExitHistory {
    static final int SIZE = 20;

    private final Map<String, ArrayDeque<ExitRecord>> byName = new HashMap<>();
    private final Map<String, Map<ExitReason, LongAdder>> counts = new ConcurrentHashMap<>();

    /** Owner thread. */
    void add(String namespec, ExitRecord record) {
        ArrayDeque<ExitRecord> q = byName.computeIfAbsent(namespec, k -> new ArrayDeque<>());
        if (q.size() == SIZE) q.removeFirst();
        q.addLast(record);
        counts.computeIfAbsent(namespec, k -> new EnumMap<>(ExitReason.class)); // created here, filled below
        counter(namespec, record.reason()).increment();
    }

    private LongAdder counter(String namespec, ExitReason reason) {
        Map<ExitReason, LongAdder> m = counts.get(namespec);
        synchronized (m) {
            return m.computeIfAbsent(reason, r -> new LongAdder());
        }
    }

    /** Owner thread. Oldest first. */
    List<ExitRecord> of(String namespec) {
        ArrayDeque<ExitRecord> q = byName.get(namespec);
        return q == null ? List.of() : List.copyOf(q);
    }

    /** Any thread: exits so far by namespec and reason. */
    Map<String, Map<ExitReason, Long>> counts() {
        Map<String, Map<ExitReason, Long>> out = new HashMap<>();
        counts.forEach((name, m) -> {
            Map<ExitReason, Long> c = new EnumMap<>(ExitReason.class);
            synchronized (m) {
                m.forEach((r, n) -> c.put(r, n.sum()));
            }
            out.put(name, c);
        });
        return out;
    }
}
