package io.corridor.supervisor;

import io.corridor.supervisor.config.SupervisorConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The embedding surface: everything the server (or another JVM) can ask of the supervisor. Every method is
 * thread-safe; state lives on the engine's single owner thread and operations are posted to it. Operations that
 * supervisord makes the client wait for ({@code start} until RUNNING, {@code stop} until stopped) return futures that
 * complete later without blocking the engine or other callers.
 * <p>
 * Names: {@code namespec} is {@code name} or {@code group:name}; {@code group:*} and {@code group:} in the
 * single-process methods delegate to the group variant, as supervisord does. Refusals complete the future (or throw)
 * with {@link SupervisorException} carrying supervisord's fault.
 */
public interface Supervisor extends AutoCloseable {

    /** Builds a supervisor for a validated configuration; nothing runs until {@link #start()}. */
    static Supervisor create(SupervisorConfig config) {
        return io.corridor.supervisor.engine.Engine.create(config);
    }

    /** Starts the engine and the autostart processes in priority order. Returns at once. */
    void start();

    SupervisorState state();

    long pid();

    /** {@code [supervisord] identifier}. */
    String identification();

    /** The product version, e.g. {@code 0.1.0}. */
    String version();

    /** The configuration in force (changes after {@code update}/{@code add}/{@code remove} and reload). */
    SupervisorConfig config();

    /**
     * The configuration last read by {@link #reread()} (what {@code add}/{@code update} would apply), or
     * {@link #config()} when nothing was re-read since. supervisord's {@code getAllConfigInfo} (supervisorctl
     * {@code avail}) lists this one, marking the groups that are not in use as available.
     */
    default SupervisorConfig pendingConfig() {
        return config();
    }

    /** All processes, sorted by group then name. */
    List<ProcessInfo> processes();

    /** @throws SupervisorException BAD_NAME */
    ProcessInfo process(String namespec);

    /**
     * {@link #processes()} without waiting in the caller's thread: for servers whose I/O threads must not wait on
     * the engine (a snapshot queues behind whatever the engine is doing, e.g. spawning a thousand children).
     */
    default CompletableFuture<List<ProcessInfo>> processesAsync() {
        try {
            return CompletableFuture.completedFuture(processes());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link #process(String)} without waiting in the caller's thread; fails with what it would throw. */
    default CompletableFuture<ProcessInfo> processAsync(String namespec) {
        try {
            return CompletableFuture.completedFuture(process(namespec));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    CompletableFuture<Void> startProcess(String namespec, boolean wait);

    CompletableFuture<List<ActionResult>> startGroup(String group, boolean wait);

    CompletableFuture<List<ActionResult>> startAll(boolean wait);

    CompletableFuture<Void> stopProcess(String namespec, boolean wait);

    CompletableFuture<List<ActionResult>> stopGroup(String group, boolean wait);

    CompletableFuture<List<ActionResult>> stopAll(boolean wait);

    /** @param signal a name ({@code HUP}, {@code SIGHUP}, any case) or a number */
    CompletableFuture<Void> signalProcess(String namespec, String signal);

    CompletableFuture<List<ActionResult>> signalGroup(String group, String signal);

    CompletableFuture<List<ActionResult>> signalAll(String signal);

    /** Re-reads the config file into a pending configuration. @throws SupervisorException CANT_REREAD */
    ConfigDiff reread();

    /**
     * supervisorctl's {@code update} done in the server: re-reads the configuration, then stops and removes the
     * removed groups, stops, removes and re-adds the changed ones, and adds the new ones. Unchanged groups are not
     * touched (their processes keep their pids). A configuration that cannot be read changes nothing
     * (SupervisorException CANT_REREAD, thrown at once).
     */
    default CompletableFuture<UpdateResult> update() {
        ConfigDiff diff = reread();
        List<GroupUpdate> results = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String g : diff.removed()) {
            chain = chain.thenCompose(v -> UpdateSteps.record(results, g, "removed",
                    stopGroup(g, true).thenCompose(r -> removeGroup(g))));
        }
        for (String g : diff.changed()) {
            chain = chain.thenCompose(v -> UpdateSteps.record(results, g, "updated",
                    stopGroup(g, true).thenCompose(r -> removeGroup(g)).thenCompose(r -> addGroup(g))));
        }
        for (String g : diff.added()) {
            chain = chain.thenCompose(v -> UpdateSteps.record(results, g, "added", addGroup(g)));
        }
        return chain.thenApply(v -> new UpdateResult(diff, List.copyOf(results)));
    }

    /** Adds a group from the pending configuration. Faults: BAD_NAME, ALREADY_ADDED. */
    CompletableFuture<Void> addGroup(String group);

    /** Removes a stopped group. Faults: BAD_NAME, STILL_RUNNING. */
    CompletableFuture<Void> removeGroup(String group);

    /**
     * supervisord's {@code readProcessStdoutLog} offset/length rules: (negative, 0) tails, (n, 0) reads to the end,
     * (n, m) a slice; other combinations are BAD_ARGUMENTS. Faults: BAD_NAME, NO_FILE.
     */
    String readProcessLog(String namespec, LogChannel channel, long offset, long length);

    /** supervisord's {@code tailProcessStdoutLog}. Faults: BAD_NAME. */
    TailResult tailProcessLog(String namespec, LogChannel channel, long offset, long length);

    /** The log file behind a channel, for streaming followers; null when the channel is not logged to a file. */
    Path processLogFile(String namespec, LogChannel channel);

    /** Truncates a process's stdout and stderr logs. Faults: BAD_NAME, FAILED. */
    void clearProcessLogs(String namespec);

    /** supervisord's {@code readLog} on the supervisor's own log. Faults: NO_FILE, BAD_ARGUMENTS. */
    String readMainLog(long offset, long length);

    /** The supervisor's own log file, or null. */
    Path mainLogFile();

    void clearMainLog();

    /** Writes to the process's stdin. Faults: BAD_NAME, NOT_RUNNING, NO_FILE. */
    void sendProcessStdin(String namespec, String chars);

    /** Stops every process (reverse priority) and ends the engine; returns at once. */
    void shutdown();

    /** Stops every process, re-reads the configuration and starts again in the same JVM (SIGHUP, {@code reload}). */
    void restart();

    /** Reopens every log file (SIGUSR2). */
    void reopenLogs();

    /** Bytes of child output written to log files since the supervisor started (for metrics). */
    default long logBytesWritten() {
        return 0;
    }

    /** Completes when the engine has shut down with no child left. */
    CompletableFuture<Void> terminated();

    /** Receives every state transition on a notification thread; close the returned handle to stop. */
    AutoCloseable subscribe(Consumer<StateChange> listener);

    /** {@link #shutdown()} and wait for {@link #terminated()}. */
    @Override
    void close();
}
