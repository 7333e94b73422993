package io.corridor.supervisor;

import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.SupervisorConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The embedding surface: everything the server (or another JVM) can ask of the supervisor. Every method is
 * thread-safe; state lives on the engine's single owner thread and operations are posted to it. Operations that
 * supervisord makes the client wait for ({@code start} until RUNNING, {@code stop} until stopped) return futures that
 * complete later without blocking the engine or other callers.
 * <p>
 * Two forms: every question whose answer needs the engine's thread (snapshots, log files, stdin, re-reading the
 * configuration) has an {@code ...Async} form that never waits in the caller's thread, and a blocking convenience
 * form for embedders that waits for it ({@link Futures#await}). A server's I/O threads use only the async forms and
 * the actions (which all return futures). Calls still queued when the engine stops fail with
 * {@link Fault#SHUTDOWN_STATE}; none is left hanging.
 * <p>
 * Names: {@code namespec} is {@code name} or {@code group:name}; {@code group:*} and {@code group:} in the
 * single-process methods delegate to the group variant, as supervisord does. Refusals complete the future (or throw)
 * with {@link SupervisorException} carrying supervisord's fault.
 * <p>
 * Build one with {@code io.corridor.supervisor.embed.SupervisorBuilder} (kept out of this package so that the API
 * does not depend on the engine that implements it).
 */
public interface Supervisor extends AutoCloseable {

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

    /** {@link #processesAsync()}, waiting for it. */
    default List<ProcessInfo> processes() {
        return Futures.await(processesAsync());
    }

    /** {@link #processAsync(String)}, waiting for it. @throws SupervisorException BAD_NAME */
    default ProcessInfo process(String namespec) {
        return Futures.await(processAsync(namespec));
    }

    /**
     * All processes, sorted by group then name, once the engine's thread has taken the snapshot (it queues behind
     * whatever the engine is doing, e.g. spawning a thousand children). Completes on the engine's callbacks thread.
     */
    CompletableFuture<List<ProcessInfo>> processesAsync();

    /** One process's snapshot. Faults: BAD_NAME. */
    CompletableFuture<ProcessInfo> processAsync(String namespec);

    /**
     * The last exits of a process (up to 20), oldest first: when, how long it ran, its status or signal, why it
     * ended and its last lines of output. Fails BAD_NAME.
     */
    default CompletableFuture<List<ExitRecord>> historyAsync(String namespec) {
        return CompletableFuture.completedFuture(List.of());
    }

    /** CPU and resident memory of every running process's whole tree (measured off the engine's thread). */
    default CompletableFuture<List<ProcessUsage>> usageAsync() {
        return CompletableFuture.completedFuture(List.of());
    }

    /** As {@link #usageAsync()} for one process (by its full namespec): empty when it is not running. */
    default CompletableFuture<List<ProcessUsage>> usageAsync(String namespec) {
        return usageAsync().thenApply(all -> all.stream().filter(u -> u.namespec().equals(namespec)).toList());
    }

    /**
     * The processes stopped by hand (namespec → epoch ms of the stop): they are not autostarted again, across
     * restarts and reloads, until started by hand.
     */
    default CompletableFuture<Map<String, Long>> stoppedByHandAsync() {
        return CompletableFuture.completedFuture(Map.of());
    }

    /** Exits so far by namespec and reason (for metrics); any thread, never waits. */
    default Map<String, Map<ExitReason, Long>> exitCounts() {
        return Map.of();
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

    /** {@link #rereadAsync()}, waiting for it. */
    default ConfigDiff reread() {
        return Futures.await(rereadAsync());
    }

    /**
     * Re-reads the config file into a pending configuration; the file is parsed off the caller's and the engine's
     * threads. Faults: CANT_REREAD, SHUTDOWN_STATE.
     */
    CompletableFuture<ConfigDiff> rereadAsync();

    /**
     * supervisorctl's {@code update} done in the server: re-reads the configuration, then stops and removes the
     * removed groups, stops, removes and re-adds the changed ones, and adds the new ones. Unchanged groups are not
     * touched (their processes keep their pids). A configuration that cannot be read changes nothing (the
     * future fails with CANT_REREAD).
     */
    default CompletableFuture<UpdateResult> update() {
        return rereadAsync().thenCompose(this::apply);
    }

    /** {@link #update()}'s second half: applies a diff {@link #rereadAsync()} produced, group by group. */
    private CompletableFuture<UpdateResult> apply(ConfigDiff diff) {
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
     * (n, m) a slice; other combinations are BAD_ARGUMENTS. Faults: BAD_NAME, NO_FILE. The file is read on the
     * engine's callbacks thread.
     */
    CompletableFuture<String> readProcessLogAsync(String namespec, LogChannel channel, long offset, long length);

    /** {@link #readProcessLogAsync}, waiting for it. */
    default String readProcessLog(String namespec, LogChannel channel, long offset, long length) {
        return Futures.await(readProcessLogAsync(namespec, channel, offset, length));
    }

    /** supervisord's {@code tailProcessStdoutLog}. Faults: BAD_NAME. */
    CompletableFuture<TailResult> tailProcessLogAsync(String namespec, LogChannel channel, long offset, long length);

    /** {@link #tailProcessLogAsync}, waiting for it. */
    default TailResult tailProcessLog(String namespec, LogChannel channel, long offset, long length) {
        return Futures.await(tailProcessLogAsync(namespec, channel, offset, length));
    }

    /**
     * The log file behind a channel, for streaming followers; completes with null when the channel is not logged
     * to a file. Faults: BAD_NAME.
     */
    CompletableFuture<Path> processLogFileAsync(String namespec, LogChannel channel);

    /** {@link #processLogFileAsync}, waiting for it. */
    default Path processLogFile(String namespec, LogChannel channel) {
        return Futures.await(processLogFileAsync(namespec, channel));
    }

    /** Truncates a process's stdout and stderr logs. Faults: BAD_NAME, FAILED. */
    CompletableFuture<Void> clearProcessLogsAsync(String namespec);

    /** {@link #clearProcessLogsAsync}, waiting for it. */
    default void clearProcessLogs(String namespec) {
        Futures.await(clearProcessLogsAsync(namespec));
    }

    /** supervisord's {@code readLog} on the supervisor's own log. Faults: NO_FILE, BAD_ARGUMENTS. */
    CompletableFuture<String> readMainLogAsync(long offset, long length);

    /** {@link #readMainLogAsync}, waiting for it. */
    default String readMainLog(long offset, long length) {
        return Futures.await(readMainLogAsync(offset, length));
    }

    /** The supervisor's own log file, or null. */
    Path mainLogFile();

    /** supervisord's {@code clearLog}. Faults: NO_FILE, FAILED. */
    CompletableFuture<Void> clearMainLogAsync();

    /** {@link #clearMainLogAsync}, waiting for it. */
    default void clearMainLog() {
        Futures.await(clearMainLogAsync());
    }

    /**
     * Writes a line to the supervisor's own log (where the control plane reports what it refused or noticed, next
     * to the engine's lines). Never blocks on the engine.
     */
    void log(LogLevel level, String message);

    /** Writes to the process's stdin. Faults: BAD_NAME, NOT_RUNNING, NO_FILE. */
    CompletableFuture<Void> sendProcessStdinAsync(String namespec, String chars);

    /** {@link #sendProcessStdinAsync}, waiting for it. */
    default void sendProcessStdin(String namespec, String chars) {
        Futures.await(sendProcessStdinAsync(namespec, chars));
    }

    /**
     * Raises REMOTE_COMMUNICATION ({@code type:T\n<data>}) for the event listeners that subscribe to it; refused
     * only when the engine is not running. Completes when the event is buffered, not when a listener has it.
     */
    default CompletableFuture<Void> sendRemoteCommEvent(String type, String data) {
        return CompletableFuture.failedFuture(new SupervisorException(Fault.FAILED, "no event listeners here"));
    }

    /** Stops every process (reverse priority) and ends the engine; returns at once. */
    void shutdown();

    /** Stops every process, re-reads the configuration and starts again in the same JVM (SIGHUP, {@code reload}). */
    void restart();

    /** Reopens every log file (SIGUSR2). */
    void reopenLogs();

    /**
     * Rolls logs over now, as their size or time limit would ({@code corridorctl logrotate}): every stream of the
     * named processes ({@code name}, {@code group:name}, {@code group:*}), or of every process and the supervisor's
     * own log when the list is empty. Empty files and files that are not rotated ({@code /dev/stdout}) are left as
     * they are. Completes with the files rolled over. Faults: BAD_NAME, FAILED (a rename failed).
     */
    default CompletableFuture<List<Path>> rotateLogs(List<String> namespecs) {
        return CompletableFuture.failedFuture(new SupervisorException(Fault.FAILED, "log rotation is not supported"));
    }

    /** Bytes of child output written to log files since the supervisor started (for metrics). */
    default long logBytesWritten() {
        return 0;
    }

    /** Completes when the engine has shut down with no child left. */
    CompletableFuture<Void> terminated();

    /**
     * Receives the configuration each time the engine adopts one (a reload, a group added or removed), on the
     * engine's thread: the listener must hand real work to another thread. Close the returned handle to stop.
     */
    default AutoCloseable onConfig(Consumer<SupervisorConfig> listener) {
        return () -> { };
    }

    /**
     * The status the server should exit with once {@link #terminated()}: 0, or N after a program with
     * {@code on_fatal=exit:N} went FATAL and everything was stopped.
     */
    default int exitStatus() {
        return 0;
    }

    /**
     * Receives every state transition on a notification thread, the last ones of a shutdown included; close the
     * returned handle to stop.
     */
    AutoCloseable subscribe(Consumer<StateChange> listener);

    /** {@link #shutdown()} and wait for {@link #terminated()} and for subscribers to have heard of every change. */
    @Override
    void close();
}
