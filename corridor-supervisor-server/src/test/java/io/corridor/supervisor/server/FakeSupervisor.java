package io.corridor.supervisor.server;

import io.corridor.supervisor.ActionResult;
import io.corridor.supervisor.ConfigDiff;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.ProcessUsage;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.SupervisorState;
import io.corridor.supervisor.TailResult;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.os.Signals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An in-memory {@link Supervisor} for server tests: processes are records whose state tests set, starts and stops
 * can be made to complete after a delay (to prove waiting requests do not block others), and every call is
 * answered with supervisord's faults in the simplest plausible way. No process is ever spawned.
 */
final class FakeSupervisor implements Supervisor {
    /** What {@link #exitCounts()} reports (the engine's exit history by namespec and reason). */
    final Map<String, Map<io.corridor.supervisor.ExitReason, Long>> exits = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Map<String, Map<io.corridor.supervisor.ExitReason, Long>> exitCounts() {
        return exits;
    }

    static final class Proc {
        final ProcessSpec spec;
        volatile ProcessState state = ProcessState.STOPPED;
        volatile long pid;
        volatile long start;
        volatile long stop;
        volatile String spawnErr = "";
        volatile int exitStatus;
        volatile Duration startDelay = Duration.ZERO;
        /** When set, a start ends only once the test completes this (startDelay is then not used): no race with a timer. */
        volatile CompletableFuture<Void> startHeld;
        volatile Duration stopDelay = Duration.ZERO;
        /** When set, a stop ends only once the test completes this (stopDelay is then not used). */
        volatile CompletableFuture<Void> stopHeld;
        volatile Fault startFailure;           // SPAWN_ERROR etc. after the delay, instead of RUNNING
        final List<String> signals = new CopyOnWriteArrayList<>();
        final List<String> stdin = new CopyOnWriteArrayList<>();

        Proc(ProcessSpec spec) { this.spec = spec; }

        String namespec() { return spec.namespec(); }
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Proc> procs = new ConcurrentHashMap<>();
    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Path dir;
    private volatile SupervisorConfig config;
    private volatile SupervisorConfig pending;
    private volatile SupervisorState state = SupervisorState.RUNNING;
    private volatile SupervisorException rereadFailure;
    private volatile int nextPid = 4242;
    volatile int restarts;
    volatile int reopens;

    FakeSupervisor(SupervisorConfig config, Path dir) {
        this.config = config;
        this.pending = config;
        this.dir = dir;
        for (GroupSpec g : config.groups()) addProcs(g);
    }

    private void addProcs(GroupSpec g) {
        for (ProcessSpec s : g.processes()) procs.put(s.namespec(), new Proc(s));
    }

    // ---------------------------------------------------------------- test controls

    Proc proc(String namespec) { return procs.get(namespec); }

    /** What {@link #usageAsync()} answers: the trees' figures as a test sets them. */
    final List<ProcessUsage> usage = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<List<ProcessUsage>> usageAsync() {
        return CompletableFuture.completedFuture(List.copyOf(usage));
    }

    /** Puts a process straight into a state, as if the engine had moved it there. */
    void force(String namespec, ProcessState to) {
        Proc p = procs.get(namespec);
        transition(p, to);
        if (to == ProcessState.RUNNING || to == ProcessState.STARTING) {
            p.pid = nextPid++;
            p.start = now();
        }
    }

    void appendLog(String namespec, LogChannel channel, String text) {
        Path file = logFile(namespec, channel);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void setPending(SupervisorConfig next) { this.pending = next; }

    void failReread(SupervisorException e) { this.rereadFailure = e; }

    void setState(SupervisorState s) { this.state = s; }

    // ---------------------------------------------------------------- Supervisor

    volatile boolean started;

    @Override public void start() { started = true; }
    @Override public SupervisorState state() { return state; }
    @Override public long pid() { return ProcessHandle.current().pid(); }
    @Override public String identification() { return config.supervisord().identifier(); }
    @Override public String version() { return "0.1.0"; }
    @Override public SupervisorConfig config() { return config; }
    @Override public SupervisorConfig pendingConfig() { return pending; }

    /**
     * When set, every answer that needs the engine's thread (snapshots, log files, stdin, reread) waits for it in
     * another thread, as the engine's do while its thread is busy: a server that waited for one in its event loop
     * could serve nobody else meanwhile.
     */
    volatile java.util.concurrent.CountDownLatch engineGate;
    /** Counted down by every engine answer that starts waiting at the gate. */
    volatile java.util.concurrent.CountDownLatch engineWaiting = new java.util.concurrent.CountDownLatch(0);
    private final java.util.concurrent.ExecutorService engineThread = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-engine");
        t.setDaemon(true);
        return t;
    });

    /** Answers {@code work} from another thread once the gate (if any) opens; refusals fail the future. */
    private <T> CompletableFuture<T> engine(java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            var gate = engineGate;
            if (gate != null) {
                engineWaiting.countDown();
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("gate never opened");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return work.get();
        }, engineThread);
    }

    private List<ProcessInfo> snapshot() {
        return procs.values().stream().map(this::info)
                .sorted(Comparator.comparing(ProcessInfo::group).thenComparing(ProcessInfo::name)).toList();
    }

    @Override
    public CompletableFuture<List<ProcessInfo>> processesAsync() {
        return engine(this::snapshot);
    }

    @Override
    public CompletableFuture<ProcessInfo> processAsync(String namespec) {
        return engine(() -> info(find(namespec)));
    }

    @Override
    public CompletableFuture<Void> startProcess(String namespec, boolean wait) {
        try {
            Proc p = find(namespec);
            if (p.state.isRunning()) throw new SupervisorException(Fault.ALREADY_STARTED, namespec);
            return start(p, wait);
        } catch (SupervisorException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> start(Proc p, boolean wait) {
        transition(p, ProcessState.STARTING);
        p.pid = nextPid++;
        p.start = now();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable finish = () -> {
            if (p.startFailure != null) {
                p.spawnErr = "Exited too quickly (process log may have details)";
                transition(p, ProcessState.BACKOFF);
                transition(p, ProcessState.FATAL);
                p.pid = 0;
                done.completeExceptionally(new SupervisorException(p.startFailure, p.namespec()));
            } else {
                transition(p, ProcessState.RUNNING);
                done.complete(null);
            }
        };
        CompletableFuture<Void> held = p.startHeld;
        if (held != null) held.thenRunAsync(finish, timer);
        else if (p.startDelay.isZero()) finish.run();
        else timer.schedule(finish, p.startDelay.toMillis(), TimeUnit.MILLISECONDS);
        return wait ? done : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<ActionResult>> startGroup(String group, boolean wait) {
        return forGroup(group, p -> !p.state.isRunning(), p -> start(p, wait), Fault.SUCCESS);
    }

    @Override
    public CompletableFuture<List<ActionResult>> startAll(boolean wait) {
        return forAll(p -> !p.state.isRunning(), p -> start(p, wait));
    }

    @Override
    public CompletableFuture<Void> stopProcess(String namespec, boolean wait) {
        try {
            Proc p = find(namespec);
            if (!p.state.isRunning()) throw new SupervisorException(Fault.NOT_RUNNING, namespec);
            return stop(p, wait);
        } catch (SupervisorException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> stop(Proc p, boolean wait) {
        transition(p, ProcessState.STOPPING);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable finish = () -> {
            transition(p, ProcessState.STOPPED);
            p.stop = now();
            p.pid = 0;
            done.complete(null);
        };
        CompletableFuture<Void> held = p.stopHeld;
        if (held != null) held.thenRunAsync(finish, timer);
        else if (p.stopDelay.isZero()) finish.run();
        else timer.schedule(finish, p.stopDelay.toMillis(), TimeUnit.MILLISECONDS);
        return wait ? done : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<ActionResult>> stopGroup(String group, boolean wait) {
        return forGroup(group, p -> p.state.isRunning(), p -> stop(p, wait), Fault.SUCCESS);
    }

    @Override
    public CompletableFuture<List<ActionResult>> stopAll(boolean wait) {
        return forAll(p -> p.state.isRunning(), p -> stop(p, wait));
    }

    @Override
    public CompletableFuture<Void> signalProcess(String namespec, String signal) {
        try {
            Proc p = find(namespec);
            signal(p, signal);
            return CompletableFuture.completedFuture(null);
        } catch (SupervisorException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void signal(Proc p, String signal) {
        OptionalInt n = Signals.parse(signal);
        if (n.isEmpty()) throw new SupervisorException(Fault.BAD_SIGNAL, signal);
        if (!p.state.isSignallable()) throw new SupervisorException(Fault.NOT_RUNNING, p.namespec());
        p.signals.add(Signals.name(n.getAsInt()));
    }

    @Override
    public CompletableFuture<List<ActionResult>> signalGroup(String group, String signal) {
        if (Signals.parse(signal).isEmpty()) return CompletableFuture.failedFuture(new SupervisorException(Fault.BAD_SIGNAL, signal));
        return forGroup(group, p -> p.state.isSignallable(), p -> { signal(p, signal); return CompletableFuture.completedFuture(null); }, Fault.SUCCESS);
    }

    @Override
    public CompletableFuture<List<ActionResult>> signalAll(String signal) {
        if (Signals.parse(signal).isEmpty()) return CompletableFuture.failedFuture(new SupervisorException(Fault.BAD_SIGNAL, signal));
        return forAll(p -> p.state.isSignallable(), p -> { signal(p, signal); return CompletableFuture.completedFuture(null); });
    }

    @Override
    public CompletableFuture<ConfigDiff> rereadAsync() {
        return engine(this::diff);
    }

    private ConfigDiff diff() {
        if (rereadFailure != null) throw rereadFailure;
        List<String> added = new ArrayList<>(), changed = new ArrayList<>(), removed = new ArrayList<>();
        for (GroupSpec g : pending.groups()) {
            Optional<GroupSpec> cur = groupIn(config, g.name());
            if (cur.isEmpty()) added.add(g.name());
            else if (!cur.get().equals(g)) changed.add(g.name());
        }
        for (GroupSpec g : config.groups()) if (groupIn(pending, g.name()).isEmpty()) removed.add(g.name());
        added.sort(null);
        changed.sort(null);
        removed.sort(null);
        return new ConfigDiff(added, changed, removed);
    }

    @Override
    public synchronized CompletableFuture<Void> addGroup(String group) {
        Optional<GroupSpec> g = groupIn(pending, group);
        if (g.isEmpty()) return CompletableFuture.failedFuture(new SupervisorException(Fault.BAD_NAME, group));
        if (procs.values().stream().anyMatch(p -> p.spec.groupName().equals(group))) {
            return CompletableFuture.failedFuture(new SupervisorException(Fault.ALREADY_ADDED, group));
        }
        addProcs(g.get());
        List<GroupSpec> groups = new ArrayList<>(config.groups());
        groups.removeIf(x -> x.name().equals(group));
        groups.add(g.get());
        config = withGroups(config, groups);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> removeGroup(String group) {
        List<Proc> members = procs.values().stream().filter(p -> p.spec.groupName().equals(group)).toList();
        if (members.isEmpty()) return CompletableFuture.failedFuture(new SupervisorException(Fault.BAD_NAME, group));
        if (members.stream().anyMatch(p -> !p.state.isStopped())) {
            return CompletableFuture.failedFuture(new SupervisorException(Fault.STILL_RUNNING, group));
        }
        members.forEach(p -> procs.remove(p.namespec()));
        List<GroupSpec> groups = new ArrayList<>(config.groups());
        groups.removeIf(x -> x.name().equals(group));
        config = withGroups(config, groups);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<String> readProcessLogAsync(String namespec, LogChannel channel, long offset, long length) {
        return engine(() -> readSlice(logFile(namespec, channel), offset, length));
    }

    @Override
    public CompletableFuture<TailResult> tailProcessLogAsync(String namespec, LogChannel channel, long offset, long length) {
        return engine(() -> tail(namespec, channel, offset, length));
    }

    private TailResult tail(String namespec, LogChannel channel, long offset, long length) {
        Path file = logFile(namespec, channel);
        if (!Files.exists(file)) return new TailResult("", 0, false);
        byte[] all = bytes(file);
        long size = all.length;
        if (offset >= size) return new TailResult("", size, false);
        boolean overflow = size > offset + length;
        long from = overflow ? size - length : offset;
        return new TailResult(new String(all, (int) from, (int) (size - from), StandardCharsets.UTF_8), size, overflow);
    }

    @Override
    public CompletableFuture<Path> processLogFileAsync(String namespec, LogChannel channel) {
        return engine(() -> logFile(namespec, channel));
    }

    private Path logFile(String namespec, LogChannel channel) {
        Proc p = find(namespec);
        LogTarget t = channel == LogChannel.STDOUT ? p.spec.stdout().target() : p.spec.stderr().target();
        return t instanceof LogTarget.File f ? f.path() : null;
    }

    @Override
    public CompletableFuture<Void> clearProcessLogsAsync(String namespec) {
        return engine(() -> {
            for (LogChannel c : LogChannel.values()) {
                Path f = logFile(namespec, c);
                try {
                    if (f != null && Files.exists(f)) Files.write(f, new byte[0]);
                } catch (IOException e) {
                    throw new SupervisorException(Fault.FAILED, namespec);
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<String> readMainLogAsync(long offset, long length) {
        return engine(() -> readSlice(mainLogFile(), offset, length));
    }

    @Override
    public Path mainLogFile() { return dir.resolve("main.log"); }

    @Override
    public CompletableFuture<Void> clearMainLogAsync() {
        return engine(() -> {
            try {
                Files.write(mainLogFile(), new byte[0]);
            } catch (IOException e) {
                throw new SupervisorException(Fault.FAILED, e.getMessage());
            }
            return null;
        });
    }

    /** The control plane's log lines, in the main log's level-code format, for tests that check them. */
    final List<String> logged = new CopyOnWriteArrayList<>();
    /** Where {@link #log} also prints its lines (the foreground echo), or null. */
    volatile java.io.PrintStream echo;

    @Override
    public void log(io.corridor.supervisor.config.LogLevel level, String message) {
        String line = (level == io.corridor.supervisor.config.LogLevel.CRITICAL ? "CRIT" : level.name()) + " " + message;
        logged.add(line);
        var out = echo;
        if (out != null) out.println(line);
    }

    @Override
    public CompletableFuture<Void> sendProcessStdinAsync(String namespec, String chars) {
        return engine(() -> {
            Proc p = find(namespec);
            if (p.pid == 0 || !p.state.isRunning()) throw new SupervisorException(Fault.NOT_RUNNING, namespec);
            p.stdin.add(chars);
            return null;
        });
    }

    /** REMOTE_COMMUNICATION events raised, as "type\ndata". */
    final List<String> remoteEvents = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> sendRemoteCommEvent(String type, String data) {
        remoteEvents.add(type + "\n" + data);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void shutdown() {
        state = SupervisorState.SHUTDOWN;
        if (timer.isShutdown()) terminated.complete(null);
        else timer.schedule(() -> terminated.complete(null), 50, TimeUnit.MILLISECONDS);
    }

    @Override public void restart() { restarts++; }
    @Override public void reopenLogs() { reopens++; }
    @Override public CompletableFuture<Void> terminated() { return terminated; }

    @Override
    public AutoCloseable subscribe(Consumer<StateChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        shutdown();
        timer.shutdownNow();
        engineThread.shutdownNow();
    }

    // ---------------------------------------------------------------- internals

    private Proc find(String namespec) {
        Proc p = procs.get(namespec);
        if (p == null) throw new SupervisorException(Fault.BAD_NAME, namespec);
        return p;
    }

    private void transition(Proc p, ProcessState to) {
        ProcessState from = p.state;
        p.state = to;
        boolean expected = to == ProcessState.EXITED && p.spec.exitCodes().contains(p.exitStatus);
        StateChange c = new StateChange(p.spec.groupName(), p.spec.name(), from, to, p.pid, System.currentTimeMillis(), 0,
                p.exitStatus, expected);
        listeners.forEach(l -> l.accept(c));
    }

    private CompletableFuture<List<ActionResult>> forGroup(String group, java.util.function.Predicate<Proc> applies,
                                                           java.util.function.Function<Proc, CompletableFuture<Void>> action,
                                                           Fault ok) {
        List<Proc> members = procs.values().stream().filter(p -> p.spec.groupName().equals(group))
                .sorted(Comparator.comparing(Proc::namespec)).toList();
        if (members.isEmpty()) return CompletableFuture.failedFuture(new SupervisorException(Fault.BAD_NAME, group));
        return run(members.stream().filter(applies).toList(), action);
    }

    private CompletableFuture<List<ActionResult>> forAll(java.util.function.Predicate<Proc> applies,
                                                         java.util.function.Function<Proc, CompletableFuture<Void>> action) {
        return run(procs.values().stream().filter(applies).sorted(Comparator.comparing(Proc::namespec)).toList(), action);
    }

    private static CompletableFuture<List<ActionResult>> run(List<Proc> targets,
                                                             java.util.function.Function<Proc, CompletableFuture<Void>> action) {
        List<CompletableFuture<ActionResult>> results = new ArrayList<>();
        for (Proc p : targets) {
            CompletableFuture<Void> f;
            try {
                f = action.apply(p);
            } catch (SupervisorException e) {
                f = CompletableFuture.failedFuture(e);
            }
            results.add(f.handle((v, e) -> {
                Throwable c = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                if (c == null) return new ActionResult(p.spec.name(), p.spec.groupName(), Fault.SUCCESS, "OK");
                SupervisorException se = (SupervisorException) c;
                return new ActionResult(p.spec.name(), p.spec.groupName(), se.fault(), se.getMessage());
            }));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
    }

    private ProcessInfo info(Proc p) {
        long now = now();
        return new ProcessInfo(p.spec.name(), p.spec.groupName(), description(p, now), p.start, p.stop, now, p.state,
                p.spawnErr, p.exitStatus, file(p.spec.stdout().target()), file(p.spec.stderr().target()), p.pid);
    }

    private static String file(LogTarget t) {
        return t instanceof LogTarget.File f ? f.path().toString() : "";
    }

    /** supervisord's {@code _interpretProcessInfo}. */
    private static String description(Proc p, long now) {
        return switch (p.state) {
            case RUNNING -> {
                long up = Math.max(0, now - p.start);
                yield "pid " + p.pid + ", uptime " + (up / 3600) + ":" + String.format(Locale.ROOT, "%02d:%02d", (up / 60) % 60, up % 60);
            }
            case FATAL, BACKOFF -> p.spawnErr.isEmpty() ? "unknown error (try \"tail " + p.namespec() + "\")" : p.spawnErr;
            case STOPPED, EXITED -> p.start == 0 ? "Not started"
                    : LocalDateTime.ofEpochSecond(p.stop, 0, ZoneId.systemDefault().getRules().getOffset(java.time.Instant.ofEpochSecond(p.stop)))
                    .format(DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.ENGLISH));
            default -> "";
        };
    }

    private static String readSlice(Path file, long offset, long length) {
        if (file == null || !Files.exists(file)) throw new SupervisorException(Fault.NO_FILE);
        if ((offset < 0 && length != 0) || (offset >= 0 && length < 0)) throw new SupervisorException(Fault.BAD_ARGUMENTS);
        byte[] all = bytes(file);
        int size = all.length;
        int from, to;
        if (offset < 0) {
            from = (int) Math.max(0, size + offset);
            to = size;
        } else {
            from = (int) Math.min(offset, size);
            to = length == 0 ? size : (int) Math.min(size, offset + length);
        }
        return new String(all, from, to - from, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SupervisorException(Fault.FAILED, e.getMessage());
        }
    }

    private static SupervisorConfig withGroups(SupervisorConfig c, List<GroupSpec> groups) {
        return new SupervisorConfig(c.source(), c.supervisord(), c.unixHttpServer(), c.inetHttpServer(), c.supervisorctl(),
                List.copyOf(groups), c.warnings());
    }

    private static Optional<GroupSpec> groupIn(SupervisorConfig c, String name) {
        return c.groups().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
