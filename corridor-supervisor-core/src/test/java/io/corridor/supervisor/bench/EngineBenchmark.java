package io.corridor.supervisor.bench;

import io.corridor.supervisor.embed.SupervisorBuilder;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogSpec;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.config.SupervisordSettings;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.Signals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Not a test: measures the engine with N {@code sleep 100000} children (startsecs=0). Prints time to spawn all
 * until RUNNING, the restart gap after {@code kill -9} (kill → RUNNING again, from StateChange timestamps), RSS,
 * thread count and idle CPU over 10 s. Usage: {@code EngineBenchmark N [workdir]}; run by {@code bench/engine.sh}.
 */
public final class EngineBenchmark {
    private static final int RESTART_SAMPLES = 21;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("engine-bench");
        List<ProcessSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) specs.add(sleeper("s_%04d".formatted(i), i));
        SupervisorConfig config = config(dir, new GroupSpec("bench", 999, specs));

        long threadsBefore = osThreads();
        Map<String, Long> runningAt = new ConcurrentHashMap<>();
        CountDownLatch allRunning = new CountDownLatch(n);
        Supervisor supervisor = SupervisorBuilder.of(config).build();
        supervisor.subscribe((StateChange c) -> {
            if (c.to() == ProcessState.RUNNING) {
                runningAt.put(c.name() + "#" + c.pid(), c.whenMillis());
                allRunning.countDown();
            }
        });
        try {
            long t0 = System.nanoTime();
            supervisor.start();
            if (!allRunning.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("not all RUNNING");
            double spawnMs = (System.nanoTime() - t0) / 1e6;

            List<Long> gaps = new ArrayList<>();
            List<ProcessInfo> infos = supervisor.processes();
            for (int i = 0; i < RESTART_SAMPLES; i++) {
                ProcessInfo victim = infos.get(i * (n / RESTART_SAMPLES));
                long killedAt = System.currentTimeMillis();
                Libc.kill((int) victim.pid(), Signals.SIGKILL);
                long deadline = System.nanoTime() + 10_000_000_000L;
                Long back = null;
                while (back == null && System.nanoTime() < deadline) {
                    for (var e : runningAt.entrySet()) {
                        if (e.getKey().startsWith(victim.name() + "#") && !e.getKey().endsWith("#" + victim.pid())) {
                            back = e.getValue();
                        }
                    }
                    if (back == null) Thread.sleep(1);
                }
                if (back == null) throw new IllegalStateException(victim.name() + " was not restarted");
                gaps.add(back - killedAt);
                Thread.sleep(20);
            }
            gaps.sort(null);

            System.gc();
            Thread.sleep(1000);
            long rssKb = rssKb();
            long threads = osThreads();
            long cpuBefore = cpuTicks();
            Thread.sleep(10_000);
            long idleTicks = cpuTicks() - cpuBefore;

            System.out.printf("children=%d spawn_all_ms=%.1f restart_gap_ms_median=%d (min %d, max %d, %d samples) "
                            + "rss_mb=%.1f threads=%d (before start %d) idle_cpu_10s_ms=%d%n",
                    n, spawnMs, gaps.get(gaps.size() / 2), gaps.getFirst(), gaps.getLast(), gaps.size(),
                    rssKb / 1024.0, threads, threadsBefore, idleTicks * 10);
        } finally {
            long t1 = System.nanoTime();
            for (ProcessInfo i : supervisor.processes()) if (i.pid() > 0) Libc.kill((int) i.pid(), Signals.SIGKILL);
            supervisor.close();
            System.out.printf("shutdown_ms=%.1f%n", (System.nanoTime() - t1) / 1e6);
        }
    }

    private static ProcessSpec sleeper(String name, int num) {
        LogSpec none = new LogSpec(LogTarget.NONE, 0, 0, 0, false, false);
        return new ProcessSpec(name, "bench", "s", num, "sleep 100000", List.of("sleep", "100000"), 999, true, 0, 3,
                AutoRestart.UNEXPECTED, Set.of(0), Signals.SIGTERM, 10, false, false, Optional.empty(), false, none, none,
                Map.of(), Optional.empty(), OptionalInt.empty(), "AUTO",
                io.corridor.supervisor.config.ContainmentSpec.DEFAULT, "bench", 0,
                io.corridor.supervisor.config.ReadinessSpec.DEFAULT, io.corridor.supervisor.config.RestartPolicy.DEFAULT,
                List.of());
    }

    private static SupervisorConfig config(Path dir, GroupSpec group) {
        SupervisordSettings s = new SupervisordSettings(new LogTarget.File(dir.resolve("supervisord.log")), 50_000_000,
                10, LogLevel.INFO, dir.resolve("pid"), 022, true, true, 1024, 200, false, dir, Optional.empty(),
                Optional.empty(), false, Map.of(), "supervisor");
        return new SupervisorConfig(dir.resolve("bench.conf"), s, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(group), List.of());
    }

    private static long osThreads() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
            return s.count();
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    /** utime + stime of this JVM, in clock ticks (USER_HZ = 100 on Linux). */
    private static long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
