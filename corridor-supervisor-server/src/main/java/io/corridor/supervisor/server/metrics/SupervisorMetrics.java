package io.corridor.supervisor.server.metrics;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.ProcessUsage;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.server.http.RequestObserver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus metrics of the supervisor and its processes. Counters are counted from the start, fed by
 * {@link Supervisor#subscribe} (transitions) and by the HTTP servers (requests); gauges read the snapshot taken
 * from {@link Supervisor#processesAsync()} at scrape time and the trees' last measured CPU and memory
 * ({@link TreeFigures}). {@link PrometheusExposition} writes them as text. Names follow Prometheus conventions:
 * {@code corridor_process_*}, {@code corridor_processes}, {@code corridor_control_*}.
 */
public final class SupervisorMetrics implements RequestObserver, AutoCloseable {

    /** One counter series: its Prometheus name, its help text and its labels as name/value pairs. */
    record Series(String name, String description, List<String> tags) {}

    private final Supervisor supervisor;
    private final ConcurrentMap<Series, LongAdder> counters = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;
    private final TreeFigures trees;

    public SupervisorMetrics(Supervisor supervisor) {
        this.supervisor = supervisor;
        this.subscription = supervisor.subscribe(this::onStateChange);
        this.trees = new TreeFigures(supervisor::usageAsync, System::nanoTime);
    }

    /**
     * The Prometheus text exposition, once the engine has taken the process snapshot (rendered on the thread that
     * completes it, never the caller's).
     */
    public CompletableFuture<String> scrape() {
        return supervisor.processesAsync().thenCombine(trees.figures(), this::render);
    }

    private String render(List<ProcessInfo> processes, Map<String, ProcessUsage> usage) {
        Map<Series, Long> counts = new HashMap<>();
        counters.forEach((series, adder) -> counts.put(series, adder.sum()));
        return PrometheusExposition.render(new PrometheusExposition.Scrape(processes, usage,
                supervisor.state().code(), supervisor.logBytesWritten(), supervisor.exitCounts(), counts));
    }

    @Override
    public void completed(String endpoint, boolean error) {
        count("corridor_control_requests_total", "Requests answered by the control servers", "interface", endpoint);
        if (error) count("corridor_control_errors_total", "Requests answered with an error or a fault", "interface", endpoint);
    }

    private void onStateChange(StateChange c) {
        if (c.to() == ProcessState.STARTING && (c.from() == ProcessState.EXITED || c.from() == ProcessState.BACKOFF)) {
            count("corridor_process_restarts_total", "Automatic restarts (EXITED or BACKOFF to STARTING)",
                    "group", c.group(), "name", c.name());
        }
        if (c.to() == ProcessState.BACKOFF) {
            count("corridor_process_spawn_failures_total", "Starts that failed or exited before startsecs",
                    "group", c.group(), "name", c.name());
        }
    }

    private void count(String name, String description, String... tags) {
        counters.computeIfAbsent(new Series(name, description, List.of(tags)), s -> new LongAdder()).increment();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // the subscription only stops notifications; nothing to recover
        }
    }
}
