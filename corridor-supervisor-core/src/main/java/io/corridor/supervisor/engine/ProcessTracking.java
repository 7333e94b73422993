package io.corridor.supervisor.engine;

import io.corridor.supervisor.ExitReason;
import io.corridor.supervisor.ExitRecord;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.ProcessUsage;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.Cgroup;
import io.corridor.supervisor.os.ProcStat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The engine's {@link ChildTracker}: puts each spawn in its own cgroup (when there is one), records it for the
 * next start, and when it is gone adds its exit to the history and has its leftovers stopped. Also samples the
 * trees' CPU and memory, and restarts a program whose tree uses more than its {@code max_memory}.
 */
final class ProcessTracking implements ChildTracker {
    /** How often trees are measured against max_memory (superlance's memmon defaults to 60 s, PM2 to 30 s). */
    static final long MEMORY_CHECK_MILLIS = 2_000;

    private final MainLog log;
    private final OwnerLoop owner;
    private final Containment containment;
    private final InstanceRecorder recorder;
    private final ExitHistory history = new ExitHistory();
    private final Map<ManagedProcess, Cgroup> preparing = new HashMap<>();
    /** Live spawns; written on the owner thread, read by the sweeper thread (usage, max_memory). */
    private final Map<ManagedProcess, Containment.Spawn> live = new ConcurrentHashMap<>();
    private final Set<Integer> managedPids = ConcurrentHashMap.newKeySet();
    private boolean memoryWatch;

    ProcessTracking(MainLog log, OwnerLoop owner, Path stateFile, boolean subreaper) {
        this.log = log;
        this.owner = owner;
        this.containment = new Containment(log, true, subreaper);
        this.recorder = new InstanceRecorder(stateFile, log, owner, containment.executor(), containment.cgroupDir());
    }

    InstanceRecorder recorder() { return recorder; }

    ExitHistory history() { return history; }

    Containment containment() { return containment; }

    // ------------------------------------------------------------------ ChildTracker

    @Override
    public Path cgroupFor(ManagedProcess p) {
        Cgroup g = containment.groupForSpawn(p.spec().namespec());
        if (g == null) return null;
        preparing.put(p, g);
        return g.procsFile();
    }

    @Override
    public void spawned(ManagedProcess p, int pid) {
        Cgroup g = preparing.remove(p);
        long start = ProcStat.read(pid).map(ProcStat::startTime).orElse(0L);
        String namespec = p.spec().namespec(); // one string for both records: they live as long as the child
        live.put(p, new Containment.Spawn(namespec, p.spec().name(), p.spec().groupName(), pid, start, g));
        managedPids.add(pid);
        recorder.childStarted(pid, start, namespec);
        if (p.spec().containment().maxMemory() > 0 && !memoryWatch) {
            memoryWatch = true;
            containment.executor().scheduleWithFixedDelay(this::checkMemory, MEMORY_CHECK_MILLIS, MEMORY_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void spawnFailed(ManagedProcess p) {
        containment.discard(preparing.remove(p));
    }

    @Override
    public void exited(ManagedProcess p, ExitRecord record) {
        Containment.Spawn s = live.remove(p);
        managedPids.remove((int) record.pid());
        recorder.childGone((int) record.pid());
        if (s != null && s.cgroup() != null && record.signal().equals("SIGKILL") && containment.oomKills(s.cgroup()) > 0) {
            record = new ExitRecord(record.time(), record.runMillis(), record.pid(), record.exitCode(), record.signal(),
                    record.coreDumped(), ExitReason.OOM_KILLED, record.description() + " (out of memory)",
                    record.lastOutput());
            log.warn(p.spec().namespec() + " was killed by the kernel's OOM killer");
        }
        history.add(p.spec().namespec(), record);
        if (s == null) return;
        if (p.spec().containment().stopDescendants()) {
            containment.stopLeftovers(s, p.spec().stopSignal(), p.spec().stopWaitSecs(), managedPids);
        } else if (s.cgroup() != null) {
            containment.discard(s.cgroup()); // removed only if empty; what lives on stays in it
        }
    }

    // ------------------------------------------------------------------ resources

    /** CPU and memory of every live process's tree, measured on the sweeper thread. */
    CompletableFuture<List<ProcessUsage>> usage() {
        return usage(namespec -> true);
    }

    /**
     * The usage of the live spawns whose namespec {@code which} accepts, measured in slices of
     * {@link #USAGE_SLICE_NANOS} so that a request for one tree waits for one slice of a full sweep, not all of it.
     */
    CompletableFuture<List<ProcessUsage>> usage(java.util.function.Predicate<String> which) {
        List<Map.Entry<ManagedProcess, Containment.Spawn>> spawns = new ArrayList<>(live.entrySet());
        spawns.removeIf(e -> !which.test(e.getValue().namespec()));
        var table = new Containment.ProcTableOnce();   // sweeper thread only, shared by the slices
        return SlicedSweep.run(spawns, e -> {
            Containment.Usage u = containment.usage(e.getValue(), table);
            return new ProcessUsage(e.getValue().namespec(), e.getValue().pid(), u.processes(), u.rssBytes(),
                    u.cpuSeconds(), e.getKey().spec().containment().maxMemory());
        }, containment.executor(), USAGE_SLICE_NANOS, System::nanoTime);
    }

    private static final long USAGE_SLICE_NANOS = 5_000_000L;

    /** Sweeper thread: a tree above its max_memory is restarted (on the owner thread, if still the same spawn). */
    private void checkMemory() {
        var table = new Containment.ProcTableOnce();
        for (var e : live.entrySet()) {
            ManagedProcess p = e.getKey();
            long limit = p.spec().containment().maxMemory();
            if (limit <= 0) continue;
            Containment.Spawn s = e.getValue();
            Containment.Usage u = containment.usage(s, table);
            if (u.rssBytes() <= limit) continue;
            owner.post(() -> {
                if (p.pid() != s.pid() || p.state() != ProcessState.RUNNING) return;
                log.warn("restarting " + s.namespec() + ": its " + u.processes() + " process(es) use "
                        + mib(u.rssBytes()) + " resident memory, above max_memory " + mib(limit));
                p.restartFor(ExitReason.MAX_MEMORY);
            });
        }
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** Pids of live managed children (any thread). */
    Set<Integer> managedPids() {
        return Set.copyOf(managedPids);
    }
}
