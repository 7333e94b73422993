package io.corridor.supervisor.server.metrics;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.ProcessUsage;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.server.http.RequestObserver;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus metrics of the supervisor and its processes. Counters are counted from the start, fed by
 * {@link Supervisor#subscribe} (transitions) and by the HTTP servers (requests); gauges read the snapshot taken
 * from {@link Supervisor#processesAsync()} at scrape time. The Micrometer registry that renders them
 * ({@link PrometheusExposition}) is only created by the first scrape: a supervisor nobody scrapes never loads it
 * (about 1,800 classes). Names follow Prometheus conventions: {@code corridor_process_*},
 * {@code corridor_processes}, {@code corridor_control_*}.
 */
public final class SupervisorMetrics implements RequestObserver, AutoCloseable {

    /** One counter series: the meter's name, its description and its tags as name/value pairs. */
    record Series(String name, String description, List<String> tags) {}

    private final Supervisor supervisor;
    private final ConcurrentMap<Series, LongAdder> counters = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;
    private PrometheusExposition exposition;   // guarded by this

    public SupervisorMetrics(Supervisor supervisor) {
        this.supervisor = supervisor;
        this.subscription = supervisor.subscribe(this::onStateChange);
    }

    /**
     * The Prometheus text exposition, once the engine has taken the snapshot that refreshes the per-process gauges
     * (rendered on the thread that completes it, never the caller's).
     */
    public CompletableFuture<String> scrape() {
        return supervisor.processesAsync().thenCombine(supervisor.usageAsync(), this::render);
    }

    private synchronized String render(List<ProcessInfo> processes, List<ProcessUsage> usage) {
        if (exposition == null) exposition = new PrometheusExposition(supervisor);
        return exposition.render(processes, usage, counters);
    }

    @Override
    public void completed(String endpoint, boolean error) {
        count("corridor.control.requests", "Requests answered by the control servers", "interface", endpoint);
        if (error) count("corridor.control.errors", "Requests answered with an error or a fault", "interface", endpoint);
    }

    private void onStateChange(StateChange c) {
        if (c.to() == ProcessState.STARTING && (c.from() == ProcessState.EXITED || c.from() == ProcessState.BACKOFF)) {
            count("corridor.process.restarts", "Automatic restarts (EXITED or BACKOFF to STARTING)",
                    "group", c.group(), "name", c.name());
        }
        if (c.to() == ProcessState.BACKOFF) {
            count("corridor.process.spawn.failures", "Starts that failed or exited before startsecs",
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
        synchronized (this) {
            if (exposition != null) exposition.close();
        }
    }
}
