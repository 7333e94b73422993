package io.corridor.supervisor.engine;

import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.Cgroup;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.ProcStat;
import io.corridor.supervisor.os.ProcTable;
import io.corridor.supervisor.os.Signals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds and stops the whole tree of a program, not only its main process. With a writable cgroup v2 (see
 * {@link Cgroup#own()}) every spawn gets its own group under {@code corridor-PID-N/}, and membership is the
 * kernel's word: nothing escapes by {@code setsid} or double forks. Without one, the tree is found in {@code /proc}:
 * descendants by parent links, members of the process's session and process group, and — when the supervisor is
 * a subreaper, so orphans come back to it — orphans whose environment names the program.
 * <p>
 * The /proc walks and the waits between the stop signal and SIGKILL run on one "corridor-sweeper" thread, never on
 * the owner thread: a walk of a busy machine's /proc takes milliseconds.
 */
final class Containment {
    private static final AtomicLong ENGINES = new AtomicLong();

    private final MainLog log;
    private final Cgroup engineGroup;        // null: no cgroup, /proc only
    private final boolean subreaper;
    private final long self = ProcessHandle.current().pid();
    private final int pageSize = Libc.pageSize();
    private final AtomicLong spawns = new AtomicLong();
    /** Sweeper tasks queued or waiting for their time: close() lets them finish. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("corridor-sweeper").daemon(true).unstarted(r));

    /** A stopped or exited spawn whose leftovers are to be stopped. */
    record Spawn(String namespec, String name, String group, int pid, long startTime, Cgroup cgroup) {}

    Containment(MainLog log, boolean useCgroups, boolean subreaper) {
        this.log = log;
        this.subreaper = subreaper;
        this.engineGroup = useCgroups ? createEngineGroup(log) : null;
    }

    private static Cgroup createEngineGroup(MainLog log) {
        Optional<Cgroup> own = Cgroup.own();
        if (own.isEmpty()) return null;
        try {
            Cgroup base = own.get();
            // The memory controller (OOM kill counts, memory.current) can only be handed down by a group with no
            // processes of its own: under systemd's Delegate=yes that is our unit's group, so we move to a leaf.
            if (base.offers("memory") && !base.enable("memory") && !base.isRoot()) {
                Cgroup leaf = base.child("supervisor");
                leaf.add(ProcessHandle.current().pid());
                base.enable("memory");
            }
            Cgroup g = base.child("corridor-" + ProcessHandle.current().pid() + "-" + ENGINES.incrementAndGet());
            g.enable("memory");
            log.info("programs are contained in cgroup " + g.dir());
            return g;
        } catch (IOException | RuntimeException e) {
            log.warn("cannot make a cgroup under " + own.get().dir() + " (" + e.getMessage()
                    + "): descendants are found through /proc instead");
            return null;
        }
    }

    /** The engine's cgroup directory (recorded for the next start), if any. */
    Optional<Path> cgroupDir() {
        return Optional.ofNullable(engineGroup).map(Cgroup::dir);
    }

    /** A fresh group for one spawn of {@code namespec}, or null without cgroups (or when it cannot be made). */
    Cgroup groupForSpawn(String namespec) {
        if (engineGroup == null) return null;
        String safe = namespec.replace('/', '_');
        try {
            return engineGroup.child(safe + "." + spawns.incrementAndGet());
        } catch (IOException e) {
            log.warn("cannot make a cgroup for " + namespec + ": " + e.getMessage() + " (it runs uncontained)");
            return null;
        }
    }

    /** Removes an empty group off the owner thread. */
    void discard(Cgroup g) {
        if (g != null) later(g::remove, 0);
    }

    /** Runs {@code task} on the sweeper thread after {@code delayMillis}, counted until it has run. */
    private void later(Runnable task, long delayMillis) {
        pending.incrementAndGet();
        try {
            sweeper.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("containment task failed: " + e);
                } finally {
                    pending.decrementAndGet();
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet();
        }
    }

    /**
     * The main process of {@code s} has exited: whatever it left gets {@code signal} now and SIGKILL after
     * {@code waitSecs} (systemd's KillMode=mixed), then its group is removed.
     */
    void stopLeftovers(Spawn s, int signal, int waitSecs, Set<Integer> managed) {
        later(() -> {
            List<Integer> left = members(s, managed);
            if (left.isEmpty()) {
                if (s.cgroup() != null) s.cgroup().remove();
                return;
            }
            log.info("stopping " + left.size() + " process(es) left by " + s.namespec() + " (pid " + s.pid()
                    + ") with " + Signals.name(signal) + ": " + left);
            for (int pid : left) Libc.kill(pid, signal);
            long step = 50;
            later(new Runnable() {
                long waited;

                @Override
                public void run() {
                    List<Integer> still = members(s, managed);
                    if (!still.isEmpty() && waited < waitSecs * 1000L) {
                        waited += step;
                        later(this, step);
                        return;
                    }
                    if (!still.isEmpty()) {
                        log.warn("killing " + still.size() + " process(es) left by " + s.namespec() + " with SIGKILL: "
                                + still);
                        if (s.cgroup() != null) s.cgroup().killAll();
                        for (int pid : still) Libc.kill(pid, Signals.SIGKILL);
                    }
                    if (s.cgroup() != null) removeWhenEmpty(s.cgroup(), 100);
                }
            }, step);
        }, 0);
    }

    private void removeWhenEmpty(Cgroup g, int tries) {
        if (!g.populated() || tries == 0) {
            g.remove();
            return;
        }
        later(() -> removeWhenEmpty(g, tries - 1), 20);
    }

    /** Live processes that belong to spawn {@code s} other than the managed ones. Sweeper thread. */
    List<Integer> members(Spawn s, Set<Integer> managed) {
        Set<Integer> out = new LinkedHashSet<>();
        if (s.cgroup() != null) {
            for (int pid : s.cgroup().pids()) {
                ProcStat st = ProcStat.read(pid).orElse(null);
                if (st != null && !st.zombie() && !managed.contains(pid)) out.add(pid);
            }
            return List.copyOf(out);
        }
        ProcTable table = ProcTable.snapshot();
        for (ProcStat p : table.tree(s.pid(), s.startTime())) if (!managed.contains(p.pid())) out.add(p.pid());
        if (subreaper) {
            // double-forked orphans came back to us: theirs if their environment says so
            for (ProcStat p : table.children((int) self)) {
                if (managed.contains(p.pid()) || out.contains(p.pid()) || p.startTime() < s.startTime()) continue;
                if (belongsTo(p.pid(), s)) {
                    out.add(p.pid());
                    for (ProcStat d : table.descendants(p.pid())) out.add(d.pid());
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean belongsTo(int pid, Spawn s) {
        try {
            String env = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
            List<String> vars = List.of(env.split("\0"));
            return vars.contains("SUPERVISOR_PROCESS_NAME=" + s.name()) && vars.contains("SUPERVISOR_GROUP_NAME=" + s.group());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * One look at {@code /proc} shared by the usages of a batch (a scrape, a memory check), taken only if a spawn
     * without a cgroup needs it: a look per spawn read all of {@code /proc} a thousand times for 1000 processes.
     */
    static final class ProcTableOnce implements java.util.function.Supplier<ProcTable> {
        private ProcTable table;

        @Override
        public ProcTable get() {
            if (table == null) table = ProcTable.snapshot();
            return table;
        }
    }

    /**
     * CPU and resident memory of a live spawn's whole tree, main process included; its descendants are found in
     * {@code table}. Sweeper thread.
     */
    Usage usage(Spawn s, java.util.function.Supplier<ProcTable> table) {
        List<Integer> pids = new ArrayList<>();
        long rssPages = 0, ticks = 0;
        ProcStat main = ProcStat.read(s.pid()).orElse(null);
        if (main == null || main.startTime() != s.startTime()) return Usage.NONE;
        List<ProcStat> members = new ArrayList<>();
        members.add(main);
        if (s.cgroup() != null) {
            for (int pid : s.cgroup().pids()) if (pid != s.pid()) ProcStat.read(pid).ifPresent(members::add);
        } else {
            members.addAll(table.get().tree(s.pid(), s.startTime()));
        }
        for (ProcStat p : members) {
            if (p.zombie()) continue;
            pids.add(p.pid());
            rssPages += p.rssPages();
            ticks += p.cpuTicks();
        }
        double cpu = ticks / (double) ProcStat.TICKS_PER_SECOND;
        if (s.cgroup() != null) {
            var micros = s.cgroup().cpuMicros();
            if (micros.isPresent()) cpu = micros.getAsLong() / 1e6;
        }
        return new Usage(pids.size(), rssPages * pageSize, cpu);
    }

    /** Processes in the tree, their resident bytes, and CPU seconds (user + system) used. */
    record Usage(int processes, long rssBytes, double cpuSeconds) {
        static final Usage NONE = new Usage(0, 0, 0);
    }

    /** Kills by the kernel's OOM killer in the spawn's group (0 without the memory controller). */
    long oomKills(Cgroup g) {
        return g == null ? 0 : g.oomKills().orElse(0);
    }

    ScheduledExecutorService executor() {
        return sweeper;
    }

    /**
     * At engine end: waits (up to {@code maxWaitSecs}) for the stops of leftovers under way, then removes the
     * engine's group once its spawns' groups are empty.
     */
    void close(int maxWaitSecs) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxWaitSecs);
        while (pending.get() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sweeper.execute(() -> {
            if (engineGroup == null) return;
            // a process killed just now stays a member until its parent (often init) has reaped it: give it 2 s
            for (int i = 0; i < 100 && !engineGroup.remove(); i++) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (engineGroup.exists()) {
                log.warn("cgroup " + engineGroup.dir() + " still has processes; it is stopped at the next start");
            }
        });
        sweeper.shutdown();
        try {
            sweeper.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
