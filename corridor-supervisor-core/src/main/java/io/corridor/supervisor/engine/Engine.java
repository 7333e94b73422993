package io.corridor.supervisor.engine;

import io.corridor.supervisor.Namespec;
import io.corridor.supervisor.ActionResult;
import io.corridor.supervisor.ConfigDiff;
import io.corridor.supervisor.ExitReason;
import io.corridor.supervisor.ExitRecord;
import io.corridor.supervisor.ProcessUsage;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.Futures;
import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.SupervisorState;
import io.corridor.supervisor.TailResult;
import io.corridor.supervisor.Version;
import io.corridor.supervisor.config.ConfigException;
import io.corridor.supervisor.config.ConfigLoader;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.logging.LogReader;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.NativeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link Supervisor} implementation: a thread-safe front that posts every operation to the owner thread
 * ({@link EngineCore}) and hands back its future. Threads: the owner, the I/O thread, the callbacks thread (where
 * answers complete), the notification thread once someone subscribes, and a reread thread while a configuration is
 * parsed — whatever the number of children.
 */
public final class Engine implements Supervisor {
    private final MainLog mainLog;
    private final boolean ownsMainLog;
    private final OwnerLoop owner;
    private final IoLoop io;
    private final Notifier notifier = new Notifier();
    private final EngineCore core;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /**
     * Completes the futures the API hands out. The owner thread must never run a caller's dependent stage: such a
     * stage may call back into the engine (e.g. {@code stopProcess(..).thenApply(v -> process(..))}) and would then
     * wait on the very thread that runs it.
     */
    private final ExecutorService callbackThread = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("corridor-callbacks").daemon(true).unstarted(r));
    /** The callbacks thread; once it has ended (after termination) the completing thread runs the stage itself. */
    private final Executor callbacks = r -> {
        try {
            callbackThread.execute(r);
        } catch (RejectedExecutionException e) {
            r.run();
        }
    };
    /**
     * Parses the configuration for {@link #rereadAsync()}, off the callbacks thread: a parse of a thousand programs
     * takes tens of ms, and every other answer completes on the callbacks thread. Its thread starts with the first
     * reread and ends after a minute without one.
     */
    private final ThreadPoolExecutor parser = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> Thread.ofPlatform().name("corridor-reread").daemon(true).unstarted(r));
    private final Object parseLock = new Object();
    /** The parse queued and not started yet, which every reread asked meanwhile shares; null when none. */
    private CompletableFuture<SupervisorConfig> nextParse;
    private volatile SupervisorConfig config;
    private final java.util.List<java.util.function.Consumer<SupervisorConfig>> configListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean started;
    /**
     * Calls made before {@link #start()}, in the order they came; null once start() has queued the engine's start-up
     * behind which it queues them (the start-up stops a killed instance's leftovers before any spawn). The control
     * servers accept before the engine starts (they must be listening first), so a client can ask in between.
     * Guarded by {@link #heldLock}.
     */
    private List<Held<?>> heldBeforeStart = new ArrayList<>();
    private final Object heldLock = new Object();

    /** A call made before start(): queued on the owner by start(), refused by a shutdown before it. */
    private record Held<T>(Supplier<T> supplier, CompletableFuture<T> answer) {
        void queueOn(OwnerLoop owner) {
            owner.call(supplier).whenComplete((v, e) -> {
                if (e != null) answer.completeExceptionally(e); else answer.complete(v);
            });
        }

        void refuse() {
            answer.completeExceptionally(
                    new SupervisorException(Fault.SHUTDOWN_STATE, "the supervisor shut down before it started"));
        }
    }
    private final boolean reapOrphans;

    private Engine(SupervisorConfig config, MainLog mainLog, boolean ownsMainLog, boolean reapOrphans) {
        this(config, mainLog, ownsMainLog, reapOrphans, null);
    }

    private Engine(SupervisorConfig config, MainLog mainLog, boolean ownsMainLog, boolean reapOrphans, Path stateFile) {
        this.reapOrphans = reapOrphans;
        this.config = config;
        this.mainLog = mainLog;
        this.ownsMainLog = ownsMainLog;
        this.owner = new OwnerLoop("corridor-engine",
                t -> mainLog.critical("engine error: " + stackTrace(t)),
                child -> child.process().exited(child));
        try {
            this.io = new IoLoop(owner, mainLog);
        } catch (NativeException e) {
            throw new IllegalStateException("cannot set up the I/O loop: " + e.getMessage(), e);
        }
        terminated.whenComplete((v, e) -> {
            callbackThread.shutdown(); // queued completions still run
            parser.shutdown();
        });
        this.core = new EngineCore(config, mainLog, owner, io, notifier, this::adopt, terminated,
                Engine::load, stateFile, reapOrphans);
    }

    /**
     * The engine behind {@code io.corridor.supervisor.embed.SupervisorBuilder}, which embedders and the server use.
     *
     * @param ownsMainLog close {@code mainLog} in {@link #close()}
     * @param reapOrphans become a child subreaper and reap orphaned grandchildren. Only for a JVM that starts no
     *                    children of its own through {@code ProcessBuilder}.
     */
    public static Supervisor create(SupervisorConfig config, MainLog mainLog, boolean ownsMainLog, boolean reapOrphans) {
        return new Engine(config, mainLog, ownsMainLog, reapOrphans);
    }

    /**
     * As {@link #create(SupervisorConfig, MainLog, boolean, boolean)}, recording the children and the programs
     * stopped by hand in {@code stateFile} (null: nowhere), so that the next start with the same file stops what a
     * killed instance left running and keeps stopped what was stopped by hand.
     */
    public static Supervisor create(SupervisorConfig config, MainLog mainLog, boolean ownsMainLog, boolean reapOrphans,
                                    Path stateFile) {
        return new Engine(config, mainLog, ownsMainLog, reapOrphans, stateFile);
    }

    private static SupervisorConfig load(Path source) {
        try {
            return ConfigLoader.load(source);
        } catch (ConfigException e) {
            throw new SupervisorException(Fault.CANT_REREAD, e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new SupervisorException(Fault.CANT_REREAD, String.valueOf(e.getMessage()));
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public synchronized void start() {
        if (started) return;
        started = true;
        io.start();
        owner.start();
        // Become a subreaper before the first spawn: a child that orphans its own child at once would otherwise
        // hand it to init, not to us.
        if (reapOrphans) new OrphanReaper(mainLog, core::managedPids).install(owner);
        owner.post(core::startup);
        synchronized (heldLock) {   // held while queuing, so that no later call overtakes the held ones
            for (Held<?> h : heldBeforeStart) h.queueOn(owner);
            heldBeforeStart = null;
        }
    }

    @Override public SupervisorState state() { return core.mood(); }

    @Override public long pid() { return ProcessHandle.current().pid(); }

    @Override public String identification() { return config.supervisord().identifier(); }

    @Override public String version() { return Version.VERSION; }

    /** Owner thread: the engine has adopted {@code c}. */
    private void adopt(SupervisorConfig c) {
        this.config = c;
        for (var l : configListeners) {
            try {
                l.accept(c);
            } catch (RuntimeException e) {
                mainLog.error("configuration listener failed: " + e);
            }
        }
    }

    @Override
    public AutoCloseable onConfig(java.util.function.Consumer<SupervisorConfig> listener) {
        configListeners.add(listener);
        return () -> configListeners.remove(listener);
    }

    @Override public SupervisorConfig config() { return config; }

    @Override public SupervisorConfig pendingConfig() { return core.pendingConfig(); }

    @Override public long logBytesWritten() { return io.bytesLogged(); }

    @Override
    public void shutdown() {
        if (!started) {
            notifier.shutdown();   // a subscriber's thread may run already; nothing was published
            terminated.complete(null);   // from now on calls fail at once; those held so far are refused here
            synchronized (heldLock) {
                if (heldBeforeStart != null) heldBeforeStart.forEach(Held::refuse);
                heldBeforeStart = null;
            }
            return;
        }
        owner.post(() -> core.beginStop(SupervisorState.SHUTDOWN));
    }

    @Override
    public void restart() {
        owner.post(() -> core.beginStop(SupervisorState.RESTARTING));
    }

    @Override public CompletableFuture<Void> terminated() { return terminated; }

    @Override public int exitStatus() { return core.exitStatus(); }

    /**
     * {@link #shutdown()}, waits for {@link #terminated()} and for the subscribers to have heard of every change,
     * then closes the main log if this engine opened it.
     */
    @Override
    public void close() {
        shutdown();
        terminated.join();
        try {
            owner.join(5000);
            io.join(5000);
            notifier.awaitDelivered(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsMainLog) mainLog.close();
    }

    @Override public void log(LogLevel level, String message) { mainLog.log(level, message); }

    @Override public AutoCloseable subscribe(Consumer<StateChange> listener) { return notifier.subscribe(listener); }

    // ------------------------------------------------------------------ status

    @Override
    public CompletableFuture<List<ProcessInfo>> processesAsync() {
        return ask(core::infos);
    }

    @Override
    public CompletableFuture<ProcessInfo> processAsync(String namespec) {
        return ask(() -> core.process(namespec).info());
    }

    @Override
    public CompletableFuture<List<ExitRecord>> historyAsync(String namespec) {
        return ask(() -> core.history(namespec));
    }

    @Override
    public CompletableFuture<List<ProcessUsage>> usageAsync() {
        if (!startupQueued() || terminated.isDone()) return ask(List::of);
        return handOff(core.tracking().usage());
    }

    @Override
    public CompletableFuture<List<ProcessUsage>> usageAsync(String namespec) {
        if (!startupQueued() || terminated.isDone()) return ask(List::of);
        return handOff(core.tracking().usage(namespec::equals));
    }

    @Override
    public CompletableFuture<Map<String, Long>> stoppedByHandAsync() {
        return ask(core::stoppedByHand);
    }

    @Override
    public Map<String, Map<ExitReason, Long>> exitCounts() {
        return core.tracking().history().counts();
    }

    // ------------------------------------------------------------------ control

    @Override
    public CompletableFuture<Void> startProcess(String namespec, boolean wait) {
        Namespec n = Namespec.parse(namespec);
        if (n.wholeGroup()) return startGroup(n.group(), wait).thenApply(r -> null);
        return handOff(onOwner(() -> core.startProcess(namespec, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<List<ActionResult>> startGroup(String group, boolean wait) {
        return handOff(onOwner(() -> core.startMany(group, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<List<ActionResult>> startAll(boolean wait) {
        return handOff(onOwner(() -> core.startMany(null, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<Void> stopProcess(String namespec, boolean wait) {
        Namespec n = Namespec.parse(namespec);
        if (n.wholeGroup()) return stopGroup(n.group(), wait).thenApply(r -> null);
        return handOff(onOwner(() -> core.stopProcess(namespec, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<List<ActionResult>> stopGroup(String group, boolean wait) {
        return handOff(onOwner(() -> core.stopMany(group, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<List<ActionResult>> stopAll(boolean wait) {
        return handOff(onOwner(() -> core.stopMany(null, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<Void> signalProcess(String namespec, String signal) {
        Namespec n = Namespec.parse(namespec);
        if (n.wholeGroup()) return signalGroup(n.group(), signal).thenApply(r -> null);
        return handOff(onOwner(() -> {
            core.signalProcess(namespec, signal);
            return null;
        }));
    }

    @Override
    public CompletableFuture<List<ActionResult>> signalGroup(String group, String signal) {
        return handOff(onOwner(() -> core.signalMany(group, signal)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<List<ActionResult>> signalAll(String signal) {
        return handOff(onOwner(() -> core.signalMany(null, signal)).thenCompose(f -> f));
    }

    // ------------------------------------------------------------------ configuration

    @Override
    public CompletableFuture<ConfigDiff> rereadAsync() {
        if (core.mood() != SupervisorState.RUNNING) {
            return CompletableFuture.failedFuture(new SupervisorException(Fault.SHUTDOWN_STATE));
        }
        return handOff(parse().thenCompose(next -> onOwner(() -> core.diff(next))));
    }

    /**
     * The configuration file as it is now, parsed on its own thread: neither the caller's (an event loop), the
     * owner's nor the callbacks'. Rereads asked while a parse waits for that thread share it: it reads the file after
     * each of them was asked (reread, reloadConfig and update from three clients parse once or twice, not three times).
     */
    private CompletableFuture<SupervisorConfig> parse() {
        synchronized (parseLock) {
            if (nextParse != null) return nextParse;
            CompletableFuture<SupervisorConfig> parsed = new CompletableFuture<>();
            nextParse = parsed;
            try {
                parser.execute(() -> {
                    synchronized (parseLock) {
                        if (nextParse == parsed) nextParse = null; // a reread asked from now on parses again
                    }
                    try {
                        parsed.complete(load(config.source()));
                    } catch (Throwable t) {
                        parsed.completeExceptionally(t);
                    }
                });
            } catch (RejectedExecutionException e) {
                nextParse = null;
                parsed.completeExceptionally(new SupervisorException(Fault.SHUTDOWN_STATE));
            }
            return parsed;
        }
    }

    @Override
    public CompletableFuture<Void> addGroup(String group) {
        return handOff(onOwner(() -> {
            core.addGroup(group);
            return null;
        }));
    }

    @Override
    public CompletableFuture<Void> removeGroup(String group) {
        return handOff(onOwner(() -> {
            core.removeGroup(group);
            return null;
        }));
    }

    @Override
    public CompletableFuture<Void> sendRemoteCommEvent(String type, String data) {
        return ask(() -> {
            core.sendRemoteCommEvent(type, data);
            return null;
        });
    }

    // ------------------------------------------------------------------ logs

    @Override
    public CompletableFuture<String> readProcessLogAsync(String namespec, LogChannel channel, long offset, long length) {
        return processLogFileAsync(namespec, channel).thenApply(file -> read(file, offset, length));
    }

    @Override
    public CompletableFuture<TailResult> tailProcessLogAsync(String namespec, LogChannel channel, long offset, long length) {
        return processLogFileAsync(namespec, channel).thenApply(file -> tail(file, offset, length));
    }

    @Override
    public CompletableFuture<Path> processLogFileAsync(String namespec, LogChannel channel) {
        return ask(() -> core.process(namespec).log(channel).path());
    }

    @Override
    public CompletableFuture<Void> clearProcessLogsAsync(String namespec) {
        return handOff(clearLogs(namespec));
    }

    @Override
    public CompletableFuture<String> readMainLogAsync(long offset, long length) {
        return CompletableFuture.supplyAsync(() -> LogReader.read(mainLog.file(), offset, length), callbacks);
    }

    @Override public Path mainLogFile() { return mainLog.file(); }

    @Override
    public CompletableFuture<Void> clearMainLogAsync() {
        return CompletableFuture.runAsync(mainLog::clear, callbacks);
    }

    @Override
    public CompletableFuture<Void> sendProcessStdinAsync(String namespec, String chars) {
        return ask(() -> {
            core.sendStdin(namespec, chars);
            return null;
        });
    }

    @Override
    public void reopenLogs() {
        mainLog.info("supervisord logreopen");
        try {
            mainLog.reopen();
        } catch (UncheckedIOException e) {
            // the process logs are still worth reopening
        }
        ask(core::allLogs).thenAccept(logs -> io.execute(() -> {
            for (ChannelLog l : logs) {
                try {
                    l.reopen();
                } catch (IOException e) {
                    mainLog.error("cannot reopen " + l.path() + ": " + e.getMessage());
                }
            }
        }));
    }

    // ------------------------------------------------------------------ blocking forms
    // The interface's defaults wait for the callbacks thread; a caller already on it (a stage of one of our futures
    // that calls back in, e.g. stopProcess(..).thenApply(v -> process(..))) would wait for itself. These wait for
    // the owner thread's answer directly and do their file work in the caller's thread.

    @Override public List<ProcessInfo> processes() { return await(core::infos); }

    @Override public ProcessInfo process(String namespec) { return await(() -> core.process(namespec).info()); }

    @Override
    public Path processLogFile(String namespec, LogChannel channel) {
        return await(() -> core.process(namespec).log(channel).path());
    }

    @Override
    public String readProcessLog(String namespec, LogChannel channel, long offset, long length) {
        return read(processLogFile(namespec, channel), offset, length);
    }

    @Override
    public TailResult tailProcessLog(String namespec, LogChannel channel, long offset, long length) {
        return tail(processLogFile(namespec, channel), offset, length);
    }

    @Override public void clearProcessLogs(String namespec) { Futures.await(clearLogs(namespec)); }

    @Override public String readMainLog(long offset, long length) { return LogReader.read(mainLog.file(), offset, length); }

    @Override public void clearMainLog() { mainLog.clear(); }

    @Override
    public void sendProcessStdin(String namespec, String chars) {
        await(() -> {
            core.sendStdin(namespec, chars);
            return null;
        });
    }

    @Override
    public ConfigDiff reread() {
        if (core.mood() != SupervisorState.RUNNING) throw new SupervisorException(Fault.SHUTDOWN_STATE);
        SupervisorConfig next = load(config.source());
        return await(() -> core.diff(next));
    }

    @Override
    public CompletableFuture<List<Path>> rotateLogs(List<String> namespecs) {
        List<String> names = List.copyOf(namespecs);
        return ask(() -> core.logsToRotate(names)).thenCompose(logs -> {
            CompletableFuture<List<Path>> done = new CompletableFuture<>();
            io.execute(() -> {
                List<Path> rotated = new java.util.ArrayList<>();
                try {
                    if (names.isEmpty() && mainLog.rotateNow()) rotated.add(mainLog.file());
                    for (ChannelLog l : logs) {
                        if (l.rotateNow()) rotated.add(l.path());
                    }
                    done.complete(List.copyOf(rotated));
                } catch (IOException e) {
                    done.completeExceptionally(new SupervisorException(Fault.FAILED, e.getMessage()));
                }
            });
            return handOff(done);
        });
    }

    // ------------------------------------------------------------------ plumbing

    private static String read(Path file, long offset, long length) {
        if (file == null) throw new SupervisorException(Fault.NO_FILE);
        return LogReader.read(file, offset, length);
    }

    private static TailResult tail(Path file, long offset, long length) {
        return file == null ? new TailResult("", 0, false) : LogReader.tail(file, offset, length);
    }

    /** Completes on the I/O thread once both logs are truncated. */
    private CompletableFuture<Void> clearLogs(String namespec) {
        // the engine names the logs; the I/O thread, their only writer, truncates them between two writes
        return onOwner(() -> List.of(core.process(namespec).log(LogChannel.STDOUT),
                core.process(namespec).log(LogChannel.STDERR))).thenCompose(logs -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            io.execute(() -> {
                try {
                    for (ChannelLog l : logs) l.clear();
                    done.complete(null);
                } catch (IOException e) {
                    done.completeExceptionally(new SupervisorException(Fault.FAILED, e.getMessage()));
                }
            });
            return done;
        });
    }

    /**
     * Waits in the caller's thread for the owner's answer; refusals are rethrown as they were raised. Before
     * {@link #start()} it refuses rather than wait: the caller may be the thread that would call start().
     */
    private <T> T await(Supplier<T> supplier) {
        if (owner.inOwnerThread()) {
            throw new IllegalStateException("a blocking Supervisor call on the engine's own thread would never return");
        }
        if (!started) throw new SupervisorException(Fault.SHUTDOWN_STATE, "the engine is not running");
        return Futures.await(onOwner(supplier));
    }

    /**
     * Runs on the owner thread, after the start-up if asked before it; the future completes there, so only engine
     * code may compose on it directly.
     */
    private <T> CompletableFuture<T> onOwner(Supplier<T> supplier) {
        if (terminated.isDone()) {
            return CompletableFuture.failedFuture(
                    new SupervisorException(Fault.SHUTDOWN_STATE, "the engine is not running"));
        }
        synchronized (heldLock) {
            if (heldBeforeStart != null) {
                Held<T> h = new Held<>(supplier, new CompletableFuture<>());
                heldBeforeStart.add(h);
                return h.answer();
            }
        }
        if (terminated.isDone() && !started) {   // shut down before it started, between the check above and here
            return CompletableFuture.failedFuture(
                    new SupervisorException(Fault.SHUTDOWN_STATE, "the engine is not running"));
        }
        return owner.call(supplier);
    }

    private boolean startupQueued() {
        synchronized (heldLock) {
            return heldBeforeStart == null;
        }
    }

    private <T> CompletableFuture<T> handOff(CompletableFuture<T> f) {
        return f.whenCompleteAsync((result, failure) -> { }, callbacks);
    }

    /** Runs on the owner thread; the answer (or refusal) completes on the callbacks thread. */
    private <T> CompletableFuture<T> ask(Supplier<T> supplier) {
        return handOff(onOwner(supplier));
    }

    private static String stackTrace(Throwable t) {
        var w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
