package io.corridor.supervisor.server.metrics;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.server.http.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Prometheus metrics of the supervisor and its processes. Gauges read the snapshot taken from
 * {@link Supervisor#processesAsync()} at scrape time; counters are fed by {@link Supervisor#subscribe} (transitions)
 * and by the HTTP servers (requests). Names follow Prometheus conventions: {@code corridor_process_*},
 * {@code corridor_processes}, {@code corridor_control_*}.
 */
public final class SupervisorMetrics implements RequestObserver, AutoCloseable {
    private final Supervisor supervisor;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, ProcessInfo> snapshot = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> gaugesByProcess = new HashMap<>();
    private final Map<ProcessState, Integer> countsByState = new EnumMap<>(ProcessState.class);
    private final AutoCloseable subscription;

    public SupervisorMetrics(Supervisor supervisor) {
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
        this.subscription = supervisor.subscribe(this::onStateChange);
    }

    /**
     * The Prometheus text exposition, once the engine has taken the snapshot that refreshes the per-process gauges
     * (rendered on the thread that completes it, never the caller's).
     */
    public CompletableFuture<String> scrape() {
        return supervisor.processesAsync().thenApply(this::render);
    }

    private synchronized String render(List<ProcessInfo> processes) {
        refresh(processes);
        return registry.scrape();
    }

    @Override
    public void completed(String endpoint, boolean error) {
        Counter.builder("corridor.control.requests").description("Requests answered by the control servers")
                .tag("interface", endpoint).register(registry).increment();
        if (error) {
            Counter.builder("corridor.control.errors").description("Requests answered with an error or a fault")
                    .tag("interface", endpoint).register(registry).increment();
        }
    }

    private void onStateChange(StateChange c) {
        Tags tags = Tags.of("group", c.group(), "name", c.name());
        if (c.to() == ProcessState.STARTING && (c.from() == ProcessState.EXITED || c.from() == ProcessState.BACKOFF)) {
            Counter.builder("corridor.process.restarts").description("Automatic restarts (EXITED or BACKOFF to STARTING)")
                    .tags(tags).register(registry).increment();
        }
        if (c.to() == ProcessState.BACKOFF) {
            Counter.builder("corridor.process.spawn.failures").description("Starts that failed or exited before startsecs")
                    .tags(tags).register(registry).increment();
        }
        String reason = switch (c.to()) {
            case EXITED -> c.expected() ? "expected" : c.exitStatus() < 0 ? "signal" : "unexpected";
            case FATAL -> "fatal";
            default -> null;
        };
        if (reason != null) {
            Counter.builder("corridor.process.exits").description("Process exits by reason")
                    .tags(tags.and("reason", reason)).register(registry).increment();
        }
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

    private List<Meter> register(ProcessInfo p) {
        String ns = p.namespec();
        Tags tags = Tags.of("group", p.group(), "name", p.name());
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("corridor.process.state", snapshot, m -> code(m.get(ns)))
                .description("Process state code (0 STOPPED, 10 STARTING, 20 RUNNING, 30 BACKOFF, 40 STOPPING, 100 EXITED, 200 FATAL, 1000 UNKNOWN)")
                .tags(tags).register(registry));
        meters.add(Gauge.builder("corridor.process.up", snapshot, m -> isRunning(m.get(ns)) ? 1 : 0)
                .description("1 while the process is RUNNING").tags(tags).register(registry));
        meters.add(Gauge.builder("corridor.process.uptime", snapshot, m -> uptime(m.get(ns)))
                .description("Seconds since the process entered RUNNING's current spawn").baseUnit("seconds")
                .tags(tags).register(registry));
        return meters;
    }

    private static double code(ProcessInfo p) {
        return p == null ? Double.NaN : p.state().code();
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
        try {
            subscription.close();
        } catch (Exception ignored) {
            // the subscription only stops notifications; nothing to recover
        }
        registry.close();
    }
}
