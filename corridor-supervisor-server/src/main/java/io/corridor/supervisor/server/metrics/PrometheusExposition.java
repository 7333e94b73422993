package io.corridor.supervisor.server.metrics;

import io.corridor.supervisor.ExitReason;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.ProcessUsage;
import io.corridor.supervisor.server.metrics.PrometheusText.Type;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Renders one scrape: the per-process gauges from the engine's snapshot and the trees' figures, the per-server
 * gauges, and the counters, as Prometheus text with the families in name order. Stateless: every scrape writes
 * what it is given.
 */
final class PrometheusExposition {

    /** What a scrape shows, gathered from the engine and the counters. */
    record Scrape(List<ProcessInfo> processes, Map<String, ProcessUsage> usage, int supervisorState,
                  long logBytesWritten, Map<String, Map<ExitReason, Long>> exits,
                  Map<SupervisorMetrics.Series, Long> counters) {}

    private record Family(String name, Type type, String help, Consumer<PrometheusText> samples) {}

    private static final String EXITS_HELP = "Process exits by reason (exited, failed, start_failed, signalled, "
            + "oom_killed, max_memory, health_check, stopped, stop_timeout)";

    private PrometheusExposition() {}

    static String render(Scrape s) {
        List<Family> families = new ArrayList<>();
        families.addAll(processFamilies(s.processes(), s.usage()));
        if (!s.exits().isEmpty()) {
            families.add(new Family("corridor_process_exits_total", Type.COUNTER, EXITS_HELP, out -> exits(out, s.exits())));
        }
        families.add(new Family("corridor_processes", Type.GAUGE, "Processes in each state",
                out -> countsByState(out, s.processes())));
        families.add(new Family("corridor_supervisor_state", Type.GAUGE,
                "The supervisor's state code (1 RUNNING, 0 RESTARTING, -1 SHUTDOWN, 2 FATAL)",
                out -> out.sample("corridor_supervisor_state", s.supervisorState())));
        families.add(new Family("corridor_log_written_bytes_total", Type.COUNTER,
                "Bytes of child output written to log files",
                out -> out.sample("corridor_log_written_bytes_total", s.logBytesWritten())));
        families.addAll(counterFamilies(s.counters()));
        families.sort(Comparator.comparing(Family::name));

        PrometheusText out = new PrometheusText(4096 + s.processes().size() * 1000);
        for (Family f : families) {
            out.family(f.name(), f.type(), f.help());
            f.samples().accept(out);
        }
        return out.toString();
    }

    /**
     * The figures measured for the spawn that runs now; none for a process stopped or restarted since (the
     * figures may be up to a minute old, and a new spawn's CPU starts from zero).
     */
    private static ProcessUsage current(Map<String, ProcessUsage> usage, ProcessInfo p) {
        ProcessUsage u = usage.get(p.namespec());
        return u != null && p.pid() != 0 && u.pid() == p.pid() ? u : NOT_RUNNING;
    }

    private static final ProcessUsage NOT_RUNNING = new ProcessUsage("", 0, 0, 0, 0, 0);

    private static List<Family> processFamilies(List<ProcessInfo> processes, Map<String, ProcessUsage> usage) {
        if (processes.isEmpty()) return List.of();
        List<Family> families = new ArrayList<>();
        families.add(perProcess(processes, "corridor_process_memory_rss_bytes",
                "Resident memory of the process's whole tree (0 when not running)",
                p -> current(usage, p).rssBytes()));
        families.add(perProcess(processes, "corridor_process_cpu_seconds",
                "CPU time used by the current spawn's whole tree (user + system)",
                p -> current(usage, p).cpuSeconds()));
        families.add(perProcess(processes, "corridor_process_tree_processes",
                "Processes in the process's tree, main process included",
                p -> current(usage, p).processes()));
        families.add(perProcess(processes, "corridor_process_state",
                "Process state code (0 STOPPED, 10 STARTING, 20 RUNNING, 30 BACKOFF, 40 STOPPING, 100 EXITED, 200 FATAL, 1000 UNKNOWN)",
                p -> p.state().code()));
        families.add(perProcess(processes, "corridor_process_up", "1 while the process is RUNNING",
                p -> p.state() == ProcessState.RUNNING ? 1 : 0));
        families.add(perProcess(processes, "corridor_process_healthy",
                "health_check verdict: 1 healthy, 0 unhealthy, NaN without a check or before the first",
                PrometheusExposition::healthy));
        families.add(perProcess(processes, "corridor_process_uptime_seconds",
                "Seconds since the process entered RUNNING's current spawn", PrometheusExposition::uptime));
        return families;
    }

    private static Family perProcess(List<ProcessInfo> processes, String name, String help,
                                     ToDoubleFunction<ProcessInfo> value) {
        return new Family(name, Type.GAUGE, help, out -> {
            for (ProcessInfo p : processes) out.processSample(name, p.group(), p.name(), value.applyAsDouble(p));
        });
    }

    private static void countsByState(PrometheusText out, List<ProcessInfo> processes) {
        Map<ProcessState, Integer> counts = new EnumMap<>(ProcessState.class);
        for (ProcessInfo p : processes) counts.merge(p.state(), 1, Integer::sum);
        ProcessState[] states = ProcessState.values();
        java.util.Arrays.sort(states, Comparator.comparing(ProcessState::name));
        for (ProcessState s : states) out.sample("corridor_processes", "state", s.name(), counts.getOrDefault(s, 0));
    }

    /** {@code corridor_process_exits_total{group,name,reason}}: a series appears with the first such exit. */
    private static void exits(PrometheusText out, Map<String, Map<ExitReason, Long>> exits) {
        new TreeMap<>(exits).forEach((ns, byReason) -> {
            int colon = ns.indexOf(':');
            String group = colon < 0 ? ns : ns.substring(0, colon), name = colon < 0 ? ns : ns.substring(colon + 1);
            List<Map.Entry<ExitReason, Long>> reasons = new ArrayList<>(byReason.entrySet());
            reasons.sort(Comparator.comparing(e -> e.getKey().label()));
            for (var e : reasons) {
                out.sample("corridor_process_exits_total", List.of("group", group, "name", name, "reason", e.getKey().label()),
                        e.getValue());
            }
        });
    }

    /** One family per counter name, its series in label order. */
    private static List<Family> counterFamilies(Map<SupervisorMetrics.Series, Long> counters) {
        Map<String, List<Map.Entry<SupervisorMetrics.Series, Long>>> byName = new TreeMap<>();
        for (var e : counters.entrySet()) byName.computeIfAbsent(e.getKey().name(), n -> new ArrayList<>()).add(e);
        List<Family> families = new ArrayList<>();
        byName.forEach((name, series) -> {
            series.sort(Comparator.comparing(e -> String.join("\0", e.getKey().tags())));
            families.add(new Family(name, Type.COUNTER, series.getFirst().getKey().description(), out -> {
                for (var e : series) out.sample(name, e.getKey().tags(), e.getValue());
            }));
        });
        return families;
    }

    private static double healthy(ProcessInfo p) {
        return switch (p.health()) {
            case "healthy" -> 1;
            case "unhealthy" -> 0;
            default -> Double.NaN;
        };
    }

    private static double uptime(ProcessInfo p) {
        if (p.state() != ProcessState.RUNNING || p.start() <= 0) return 0;
        return Math.max(0, p.now() - p.start());
    }
}
