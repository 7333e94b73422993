package io.corridor.supervisor.server.metrics;

import io.corridor.supervisor.ExitReason;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessUsage;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.Supervisor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The Micrometer side of {@link SupervisorMetrics}: a Prometheus registry whose gauges read the last snapshot and
 * whose counters read {@link SupervisorMetrics}' adders. Created by the first scrape; used under its lock.
 */
final class PrometheusExposition implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, ProcessInfo> snapshot = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> gaugesByProcess = new HashMap<>();
    private final Map<ProcessState, Integer> countsByState = new EnumMap<>(ProcessState.class);
    private final Set<SupervisorMetrics.Series> registered = new HashSet<>();
    private final Set<String> exitSeries = new HashSet<>();
    private final Map<String, ProcessUsage> usageNow = new java.util.concurrent.ConcurrentHashMap<>();

    private final Supervisor supervisor;

    PrometheusExposition(Supervisor supervisor) {
        this.supervisor = supervisor;
        for (ProcessState s : ProcessState.values()) {
            countsByState.put(s, 0);
            Gauge.builder("corridor.processes", countsByState, m -> m.getOrDefault(s, 0))
                    .description("Processes in each state").tag("state", s.name()).register(registry);
        }
        Gauge.builder("corridor.supervisor.state", supervisor, sup -> sup.state().code())
                .description("The supervisor's state code (1 RUNNING, 0 RESTARTING, -1 SHUTDOWN, 2 FATAL)").register(registry);
        FunctionCounter.builder("corridor.log.written", supervisor, Supervisor::logBytesWritten)
                .description("Bytes of child output written to log files").baseUnit("bytes").register(registry);
    }

    String render(List<ProcessInfo> processes, List<ProcessUsage> usage,
                  Map<SupervisorMetrics.Series, LongAdder> counters) {
        usageNow.clear();
        for (ProcessUsage u : usage) usageNow.put(u.namespec(), u);
        registerExits();
        counters.forEach((series, adder) -> {
            if (registered.add(series)) {
                FunctionCounter.builder(series.name(), adder, LongAdder::sum).description(series.description())
                        .tags(series.tags().toArray(String[]::new)).register(registry);
            }
        });
        refresh(processes);
        return registry.scrape();
    }

    private void refresh(List<ProcessInfo> processes) {
        Map<String, ProcessInfo> fresh = processes.stream()
                .collect(Collectors.toMap(ProcessInfo::namespec, p -> p, (a, b) -> a));
        snapshot.putAll(fresh);
        for (String gone : Set.copyOf(snapshot.keySet())) {
            if (fresh.containsKey(gone)) continue;
            snapshot.remove(gone);
            gaugesByProcess.remove(gone).forEach(registry::remove);
        }
        for (ProcessInfo p : processes) gaugesByProcess.computeIfAbsent(p.namespec(), ns -> register(p));
        for (ProcessState s : ProcessState.values()) countsByState.put(s, 0);
        for (ProcessInfo p : processes) countsByState.merge(p.state(), 1, Integer::sum);
    }

    /**
     * {@code corridor_process_exits_total{group,name,reason}}: the engine's count of exits by reason (see
     * {@link ExitReason}), registered as each (process, reason) first occurs.
     */
    private void registerExits() {
        supervisor.exitCounts().forEach((ns, byReason) -> byReason.keySet().forEach(reason -> {
            if (!exitSeries.add(ns + "\0" + reason)) return;
            int colon = ns.indexOf(':');
            String group = colon < 0 ? ns : ns.substring(0, colon), name = colon < 0 ? ns : ns.substring(colon + 1);
            FunctionCounter.builder("corridor.process.exits", supervisor,
                            sup -> sup.exitCounts().getOrDefault(ns, Map.of()).getOrDefault(reason, 0L))
                    .description("Process exits by reason (exited, failed, start_failed, signalled, oom_killed, "
                            + "max_memory, health_check, stopped, stop_timeout)")
                    .tags("group", group, "name", name, "reason", reason.label()).register(registry);
        }));
    }

    private List<Meter> register(ProcessInfo p) {
        String ns = p.namespec();
        Tags tags = Tags.of("group", p.group(), "name", p.name());
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("corridor.process.memory.rss", usageNow, m -> m.containsKey(ns) ? m.get(ns).rssBytes() : 0)
                .description("Resident memory of the process's whole tree (0 when not running)").baseUnit("bytes")
                .tags(tags).register(registry));
        meters.add(Gauge.builder("corridor.process.cpu", usageNow, m -> m.containsKey(ns) ? m.get(ns).cpuSeconds() : 0)
                .description("CPU time used by the current spawn's whole tree (user + system)").baseUnit("seconds")
                .tags(tags).register(registry));
        meters.add(Gauge.builder("corridor.process.tree.processes", usageNow, m -> m.containsKey(ns) ? m.get(ns).processes() : 0)
                .description("Processes in the process's tree, main process included").tags(tags).register(registry));
        meters.add(Gauge.builder("corridor.process.state", snapshot, m -> code(m.get(ns)))
                .description("Process state code (0 STOPPED, 10 STARTING, 20 RUNNING, 30 BACKOFF, 40 STOPPING, 100 EXITED, 200 FATAL, 1000 UNKNOWN)")
                .tags(tags).register(registry));
        meters.add(Gauge.builder("corridor.process.up", snapshot, m -> isRunning(m.get(ns)) ? 1 : 0)
                .description("1 while the process is RUNNING").tags(tags).register(registry));
        meters.add(Gauge.builder("corridor.process.healthy", snapshot, m -> healthy(m.get(ns)))
                .description("health_check verdict: 1 healthy, 0 unhealthy, NaN without a check or before the first")
                .tags(tags).register(registry));
        meters.add(Gauge.builder("corridor.process.uptime", snapshot, m -> uptime(m.get(ns)))
                .description("Seconds since the process entered RUNNING's current spawn").baseUnit("seconds")
                .tags(tags).register(registry));
        return meters;
    }

    private static double code(ProcessInfo p) {
        return p == null ? Double.NaN : p.state().code();
    }

    private static double healthy(ProcessInfo p) {
        if (p == null) return Double.NaN;
        return switch (p.health()) {
            case "healthy" -> 1;
            case "unhealthy" -> 0;
            default -> Double.NaN;
        };
    }

    private static boolean isRunning(ProcessInfo p) {
        return p != null && p.state() == ProcessState.RUNNING;
    }

    private static double uptime(ProcessInfo p) {
        if (!isRunning(p) || p.start() <= 0) return 0;
        return Math.max(0, p.now() - p.start());
    }

    @Override
    public void close() {
        registry.close();
    }
}
