package io.corridor.supervisor.engine;

import io.corridor.supervisor.ActionResult;
import io.corridor.supervisor.ConfigDiff;
import io.corridor.supervisor.Fault;
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
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.config.SupervisordSettings;
import io.corridor.supervisor.logging.LogReader;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.NativeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link Supervisor} implementation: a thread-safe front that posts every operation to the owner thread
 * ({@link EngineCore}) and hands back its future. Threads: the owner, the I/O thread, and the notification thread
 * once someone subscribes — whatever the number of children.
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
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("corridor-callbacks").daemon(true).unstarted(r));
    private volatile SupervisorConfig config;
    private volatile boolean started;
    private final boolean reapOrphans;

    private Engine(SupervisorConfig config, MainLog mainLog, boolean ownsMainLog, boolean reapOrphans) {
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
        terminated.whenComplete((v, e) -> callbacks.shutdown()); // queued completions still run
        this.core = new EngineCore(config, mainLog, owner, io, notifier, c -> this.config = c, terminated,
                Engine::load);
    }

    /** A supervisor logging to the {@code [supervisord] logfile} (echoed to stdout when foreground and not silent). */
    public static Supervisor create(SupervisorConfig config) {
        SupervisordSettings s = config.supervisord();
        MainLog log = new MainLog(s.logfile(), s.logfileMaxBytes(), s.logfileBackups(), s.logLevel(),
                s.nodaemon() && !s.silent() ? System.out : null);
        return new Engine(config, log, true, ProcessHandle.current().pid() == 1);
    }

    /** A supervisor writing its activity to a log the caller owns (and closes). */
    public static Supervisor create(SupervisorConfig config, MainLog mainLog) {
        return new Engine(config, mainLog, false, ProcessHandle.current().pid() == 1);
    }

    /**
     * @param reapOrphans become a child subreaper and reap orphaned grandchildren (always on as PID 1). Only for a
     *                    JVM that starts no children of its own through {@code ProcessBuilder}.
     */
    public static Supervisor create(SupervisorConfig config, MainLog mainLog, boolean reapOrphans) {
        return new Engine(config, mainLog, false, reapOrphans || ProcessHandle.current().pid() == 1);
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
        terminated.whenComplete((v, e) -> {
            if (ownsMainLog) mainLog.close();
        });
        io.start();
        owner.start();
        // Become a subreaper before the first spawn: a child that orphans its own child at once would otherwise
        // hand it to init, not to us.
        if (reapOrphans) new OrphanReaper(mainLog, core::managedPids).install(owner);
        owner.post(core::startup);
    }

    @Override public SupervisorState state() { return core.mood(); }

    @Override public long pid() { return ProcessHandle.current().pid(); }

    @Override public String identification() { return config.supervisord().identifier(); }

    @Override public String version() { return Version.VERSION; }

    @Override public SupervisorConfig config() { return config; }

    @Override public SupervisorConfig pendingConfig() { return core.pendingConfig(); }

    @Override public long logBytesWritten() { return io.bytesLogged(); }

    @Override
    public void shutdown() {
        if (!started) {
            terminated.complete(null);
            return;
        }
        owner.post(() -> core.beginStop(SupervisorState.SHUTDOWN));
    }

    @Override
    public void restart() {
        owner.post(() -> core.beginStop(SupervisorState.RESTARTING));
    }

    @Override public CompletableFuture<Void> terminated() { return terminated; }

    @Override
    public void close() {
        shutdown();
        terminated.join();
        try {
            owner.join(5000);
            io.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public AutoCloseable subscribe(Consumer<StateChange> listener) { return notifier.subscribe(listener); }

    // ------------------------------------------------------------------ status

    @Override public List<ProcessInfo> processes() { return await(core::infos); }

    @Override public ProcessInfo process(String namespec) { return await(() -> core.process(namespec).info()); }

    @Override
    public CompletableFuture<List<ProcessInfo>> processesAsync() {
        return ask(core::infos);
    }

    @Override
    public CompletableFuture<ProcessInfo> processAsync(String namespec) {
        return ask(() -> core.process(namespec).info());
    }

    // ------------------------------------------------------------------ control

    @Override
    public CompletableFuture<Void> startProcess(String namespec, boolean wait) {
        Namespec n = Namespec.parse(namespec);
        if (n.wholeGroup()) return startGroup(n.group(), wait).thenApply(r -> null);
        return handOff(owner.call(() -> core.startProcess(namespec, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<List<ActionResult>> startGroup(String group, boolean wait) {
        return handOff(owner.call(() -> core.startMany(group, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<List<ActionResult>> startAll(boolean wait) {
        return handOff(owner.call(() -> core.startMany(null, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<Void> stopProcess(String namespec, boolean wait) {
        Namespec n = Namespec.parse(namespec);
        if (n.wholeGroup()) return stopGroup(n.group(), wait).thenApply(r -> null);
        return handOff(owner.call(() -> core.stopProcess(namespec, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<List<ActionResult>> stopGroup(String group, boolean wait) {
        return handOff(owner.call(() -> core.stopMany(group, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<List<ActionResult>> stopAll(boolean wait) {
        return handOff(owner.call(() -> core.stopMany(null, wait)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<Void> signalProcess(String namespec, String signal) {
        Namespec n = Namespec.parse(namespec);
        if (n.wholeGroup()) return signalGroup(n.group(), signal).thenApply(r -> null);
        return handOff(owner.call(() -> {
            core.signalProcess(namespec, signal);
            return null;
        }));
    }

    @Override
    public CompletableFuture<List<ActionResult>> signalGroup(String group, String signal) {
        return handOff(owner.call(() -> core.signalMany(group, signal)).thenCompose(f -> f));
    }

    @Override
    public CompletableFuture<List<ActionResult>> signalAll(String signal) {
        return handOff(owner.call(() -> core.signalMany(null, signal)).thenCompose(f -> f));
    }

    // ------------------------------------------------------------------ configuration

    @Override
    public ConfigDiff reread() {
        if (core.mood() != SupervisorState.RUNNING) throw new SupervisorException(Fault.SHUTDOWN_STATE);
        SupervisorConfig next = load(config.source()); // parse off the owner thread
        return await(() -> core.diff(next));
    }

    @Override
    public CompletableFuture<Void> addGroup(String group) {
        return handOff(owner.call(() -> {
            core.addGroup(group);
            return null;
        }));
    }

    @Override
    public CompletableFuture<Void> removeGroup(String group) {
        return handOff(owner.call(() -> {
            core.removeGroup(group);
            return null;
        }));
    }

    // ------------------------------------------------------------------ logs

    @Override
    public String readProcessLog(String namespec, LogChannel channel, long offset, long length) {
        Path file = processLogFile(namespec, channel);
        if (file == null) throw new SupervisorException(Fault.NO_FILE);
        return LogReader.read(file, offset, length);
    }

    @Override
    public TailResult tailProcessLog(String namespec, LogChannel channel, long offset, long length) {
        Path file = processLogFile(namespec, channel);
        return file == null ? new TailResult("", 0, false) : LogReader.tail(file, offset, length);
    }

    @Override
    public Path processLogFile(String namespec, LogChannel channel) {
        return await(() -> core.process(namespec).log(channel).path());
    }

    @Override
    public void clearProcessLogs(String namespec) {
        List<ChannelLog> logs = await(() -> List.of(core.process(namespec).log(LogChannel.STDOUT),
                core.process(namespec).log(LogChannel.STDERR)));
        CompletableFuture<Void> done = new CompletableFuture<>();
        io.execute(() -> {
            try {
                for (ChannelLog l : logs) l.clear();
                done.complete(null);
            } catch (IOException e) {
                done.completeExceptionally(new SupervisorException(Fault.FAILED, e.getMessage()));
            }
        });
        join(done);
    }

    @Override public String readMainLog(long offset, long length) { return LogReader.read(mainLog.file(), offset, length); }

    @Override public Path mainLogFile() { return mainLog.file(); }

    @Override public void clearMainLog() { mainLog.clear(); }

    @Override
    public void sendProcessStdin(String namespec, String chars) {
        await(() -> {
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
        List<ChannelLog> logs = await(core::allLogs);
        io.execute(() -> {
            for (ChannelLog l : logs) {
                try {
                    l.reopen();
                } catch (IOException e) {
                    mainLog.error("cannot reopen " + l.path() + ": " + e.getMessage());
                }
            }
        });
    }

    // ------------------------------------------------------------------ plumbing

    private <T> CompletableFuture<T> handOff(CompletableFuture<T> f) {
        return f.whenCompleteAsync((result, failure) -> { }, callbacks);
    }

    /** Runs on the owner thread; the answer (or refusal) completes on the callbacks thread. */
    private <T> CompletableFuture<T> ask(Supplier<T> supplier) {
        if (!started || terminated.isDone()) {
            return CompletableFuture.failedFuture(
                    new SupervisorException(Fault.SHUTDOWN_STATE, "the engine is not running"));
        }
        return handOff(owner.call(supplier));
    }

    /** Runs on the owner thread and waits; refusals are rethrown as they were raised. */
    private <T> T await(Supplier<T> supplier) {
        if (!started || terminated.isDone() || owner.inOwnerThread()) {
            throw new SupervisorException(Fault.SHUTDOWN_STATE, "the engine is not running");
        }
        return join(owner.call(supplier));
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupervisorException(Fault.FAILED, "interrupted");
        } catch (TimeoutException e) {
            throw new SupervisorException(Fault.FAILED, "the engine did not answer within 30 s");
        }
    }

    private static String stackTrace(Throwable t) {
        var w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
