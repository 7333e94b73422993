package io.corridor.supervisor.engine;

import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.ProcStat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The instance's record for its next start ({@link InstanceState} in a {@link StateFile}): the children it has
 * running and the programs stopped by hand. Changes are written at most every 100 ms, by the sweeper thread, so a
 * burst of a thousand spawns costs a few writes, not a thousand; a child spawned in the last 100 ms before a crash
 * dies by PR_SET_PDEATHSIG anyway. Without a state file (an embedded engine) the intent is kept in memory and
 * survives reloads only. Owner thread, except the writes.
 */
final class InstanceRecorder {
    private static final long FLUSH_DELAY_NANOS = 100_000_000L;

    private final StateFile file;            // null: in memory only
    private final MainLog log;
    private final OwnerLoop owner;
    private final Executor writer;
    private final long selfPid = ProcessHandle.current().pid();
    private final long selfStart = ProcStat.read((int) ProcessHandle.current().pid()).map(ProcStat::startTime).orElse(0L);
    private final Map<String, Long> stopped = new LinkedHashMap<>();
    private final Map<Integer, InstanceState.Child> children = new LinkedHashMap<>();
    private final Optional<String> cgroup;
    private final InstanceState previous;
    private boolean flushScheduled;
    private long sequence;
    private long written = -1;               // sequence of the snapshot on disk; guarded by this

    InstanceRecorder(Path stateFile, MainLog log, OwnerLoop owner, Executor writer, Optional<Path> cgroup) {
        this.file = stateFile == null ? null : new StateFile(stateFile);
        this.log = log;
        this.owner = owner;
        this.writer = writer;
        this.cgroup = cgroup.map(Path::toString);
        InstanceState prev = InstanceState.EMPTY;
        if (file != null) {
            try {
                prev = file.read();
            } catch (IOException e) {
                log.error("cannot read the state file, starting without it: " + e.getMessage());
            }
        }
        this.previous = prev;
        stopped.putAll(prev.stoppedByHand());
    }

    /** What the previous instance left, read at construction. */
    InstanceState previous() {
        return previous;
    }

    long selfStartTime() {
        return selfStart;
    }

    boolean stoppedByHand(String namespec) {
        return stopped.containsKey(namespec);
    }

    /** Epoch ms of the stop by hand, or 0. */
    long stoppedAt(String namespec) {
        return stopped.getOrDefault(namespec, 0L);
    }

    Map<String, Long> stoppedByHand() {
        return Map.copyOf(stopped);
    }

    void markStopped(String namespec, long atMillis) {
        stopped.put(namespec, atMillis);
        changed();
    }

    void clearStopped(String namespec) {
        if (stopped.remove(namespec) != null) changed();
    }

    void childStarted(int pid, long startTime, String namespec) {
        children.put(pid, new InstanceState.Child(pid, startTime, namespec));
        changed();
    }

    void childGone(int pid) {
        if (children.remove(pid) != null) changed();
    }

    private void changed() {
        if (file == null || flushScheduled) return;
        flushScheduled = true;
        owner.schedule(FLUSH_DELAY_NANOS, () -> {
            flushScheduled = false;
            long seq = ++sequence;
            InstanceState snap = snapshot();
            writer.execute(() -> write(seq, snap));
        });
    }

    /**
     * At the end of the engine, on the owner thread: writes what the next start needs now, or removes the file when
     * there is nothing to remember (no child left, nothing stopped by hand), as the pidfile is removed.
     */
    void flushNow() {
        if (file == null) return;
        if (children.isEmpty() && stopped.isEmpty()) {
            synchronized (this) {
                written = ++sequence;
                try {
                    java.nio.file.Files.deleteIfExists(file.path());
                } catch (IOException e) {
                    log.error("cannot remove the state file " + file.path() + ": " + e.getMessage());
                }
            }
            return;
        }
        write(++sequence, snapshot());
    }

    private InstanceState snapshot() {
        return new InstanceState(selfPid, selfStart, cgroup, List.copyOf(children.values()), Map.copyOf(stopped));
    }

    private synchronized void write(long seq, InstanceState snap) {
        if (seq <= written) return; // a newer snapshot is already on disk
        try {
            file.write(snap);
            written = seq;
        } catch (IOException e) {
            log.error("cannot write the state file " + file.path() + ": " + e.getMessage());
        }
    }
}
