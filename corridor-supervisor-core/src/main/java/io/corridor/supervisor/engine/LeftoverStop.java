package io.corridor.supervisor.engine;

import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.Cgroup;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.ProcStat;
import io.corridor.supervisor.os.ProcTable;
import io.corridor.supervisor.os.Signals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * At start-up, before anything is spawned: the processes a previous instance of this configuration left running
 * (it was killed, so nothing stopped them) are found from its state file — a recorded pid counts only if the
 * process with that pid still has the recorded start time — together with their trees and whatever is left in its
 * cgroup, and stopped: the program's stop signal, then SIGKILL after its {@code stopwaitsecs}. Only then do the
 * autostart programs start, so no program ever runs twice. Owner thread.
 */
final class LeftoverStop {
    private static final long POLL_NANOS = 50_000_000L;

    private final MainLog log;
    private final OwnerLoop owner;
    /** pid → namespec of the leftovers still alive */
    private final Map<Integer, String> left = new LinkedHashMap<>();
    private final Cgroup cgroup;
    private final long deadlineNanos;
    private final Runnable then;

    private LeftoverStop(MainLog log, OwnerLoop owner, Cgroup cgroup, int waitSecs, Runnable then) {
        this.log = log;
        this.owner = owner;
        this.cgroup = cgroup;
        this.deadlineNanos = System.nanoTime() + waitSecs * 1_000_000_000L;
        this.then = then;
    }

    /**
     * Stops what {@code previous} left, then runs {@code then} (at once when nothing was left).
     * @param stopSignal the stop signal of a namespec still configured (SIGTERM for others)
     * @param stopWait   its stopwaitsecs (10 for others)
     */
    static void run(InstanceState previous, long selfPid, long selfStart, MainLog log, OwnerLoop owner,
                    ToIntFunction<String> stopSignal, ToIntFunction<String> stopWait, Runnable then) {
        if (previous.supervisorPid() == selfPid || previous.equals(InstanceState.EMPTY)) {
            then.run();
            return;
        }
        ProcStat prevSupervisor = ProcStat.read((int) previous.supervisorPid()).orElse(null);
        if (prevSupervisor != null && !prevSupervisor.zombie() && prevSupervisor.startTime() == previous.supervisorStartTime()) {
            log.error("the instance that wrote the state file (pid " + previous.supervisorPid() + ") is still running; "
                    + "its processes are left alone");
            then.run();
            return;
        }
        Cgroup cg = previous.cgroup().map(Path::of).map(Cgroup::new).filter(Cgroup::exists).orElse(null);
        int wait = 0;
        Map<Integer, String> found = new LinkedHashMap<>();
        ProcTable table = ProcTable.snapshot();
        for (InstanceState.Child c : previous.children()) {
            ProcStat s = table.get(c.pid());
            if (s != null && !s.zombie() && s.startTime() == c.startTime()) found.put(c.pid(), c.namespec());
            // its tree even when it is gone (PR_SET_PDEATHSIG killed it): what it forked keeps its session
            for (ProcStat d : table.tree(c.pid(), c.startTime())) found.putIfAbsent(d.pid(), c.namespec());
        }
        if (cg != null) for (int pid : cg.pids()) found.putIfAbsent(pid, "(cgroup " + cg.dir().getFileName() + ")");
        if (found.isEmpty()) {
            if (cg != null) cg.remove();
            then.run();
            return;
        }
        LeftoverStop stop = new LeftoverStop(log, owner, cg,
                found.values().stream().mapToInt(stopWait).max().orElse(10), then);
        log.warn("a previous instance (pid " + previous.supervisorPid() + ") left " + found.size()
                + " process(es) running; stopping them before starting anything: " + found);
        found.forEach((pid, name) -> Libc.kill(pid, stopSignal.applyAsInt(name)));
        stop.left.putAll(found);
        owner.schedule(POLL_NANOS, stop::poll);
    }

    private void poll() {
        left.keySet().removeIf(pid -> ProcStat.read(pid).map(ProcStat::zombie).orElse(true));
        if (!left.isEmpty() && System.nanoTime() < deadlineNanos) {
            owner.schedule(POLL_NANOS, this::poll);
            return;
        }
        if (!left.isEmpty()) {
            log.warn("killing " + left.size() + " leftover process(es) with SIGKILL: " + left);
            for (int pid : left.keySet()) Libc.kill(pid, Signals.SIGKILL);
            if (cgroup != null) cgroup.killAll();
            left.clear();
            owner.schedule(POLL_NANOS, this::poll);  // once more: let the kernel finish them, then go on
            return;
        }
        if (cgroup != null && cgroup.populated()) {
            cgroup.killAll();
            if (System.nanoTime() < deadlineNanos + 5_000_000_000L) {
                owner.schedule(POLL_NANOS, this::poll);
                return;
            }
        }
        if (cgroup != null) cgroup.remove();
        log.info("leftovers of the previous instance are gone");
        then.run();
    }
}
