package io.corridor.supervisor.engine;

import io.corridor.supervisor.logging.LogFileNames;
import io.corridor.supervisor.Namespec;
import io.corridor.supervisor.Futures;
import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.ActionResult;
import io.corridor.supervisor.ConfigDiff;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.SupervisorState;
import io.corridor.supervisor.config.Dependencies;
import io.corridor.supervisor.config.EventType;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.LogSpec;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.config.RestartPolicy;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.Signals;
import io.corridor.supervisor.os.Users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Everything the engine knows about groups and processes, and supervisord's operations on them
 * (rpcinterface.py, supervisord.py). Every method runs on the owner thread; {@link Engine} posts to it.
 */
final class EngineCore implements ProcessContext {
    private static final long SHUTDOWN_REPORT_NANOS = 3_000_000_000L;
    private static final long STOP_REPORT_NANOS = 2_000_000_000L;

    private final MainLog log;
    private final OwnerLoop owner;
    private final IoLoop io;
    private final Notifier notifier;
    private final Consumer<SupervisorConfig> configPublisher;
    private final CompletableFuture<Void> terminated;
    private final Function<Path, SupervisorConfig> reloader;
    private LaunchPlanner planner;
    private final LogFileNames autoLogNames = new LogFileNames();
    private SupervisorConfig config;
    /** Written on the owner thread; read by any thread for getAllConfigInfo (avail). */
    private volatile SupervisorConfig pending;
    private final Map<String, ProcessGroup> groups = new LinkedHashMap<>();
    private volatile SupervisorState mood = SupervisorState.RUNNING;
    private Deque<ProcessGroup> stopGroups;   // non-null while shutting down or restarting
    private boolean progressPosted;
    private final EventBus bus = new EventBus();
    private final Ticker ticker;
    private final ProcessTracking tracking;
    /** True while the leftovers of a previous instance are being stopped: nothing is spawned before they are gone. */
    private boolean stoppingLeftovers;
    private final Probes probes;
    private Path notifyDir;                   // created at the first NOTIFY_SOCKET
    private long notifySockets;
    private boolean dependencyCheckPosted;
    /** Whether any process has depends_on (null: groups changed since it was last worked out). */
    private Boolean anyDependsOn;
    private volatile int exitStatus;          // on_fatal=exit:N

    EngineCore(SupervisorConfig config, MainLog log, OwnerLoop owner, IoLoop io, Notifier notifier,
               Consumer<SupervisorConfig> configPublisher, CompletableFuture<Void> terminated,
               Function<Path, SupervisorConfig> reloader) {
        this(config, log, owner, io, notifier, configPublisher, terminated, reloader, null, false);
    }

    /**
     * @param stateFile where the instance records its children and the programs stopped by hand (null: nowhere)
     * @param subreaper whether orphans come back to this process (then they are told apart by their environment)
     */
    EngineCore(SupervisorConfig config, MainLog log, OwnerLoop owner, IoLoop io, Notifier notifier,
               Consumer<SupervisorConfig> configPublisher, CompletableFuture<Void> terminated,
               Function<Path, SupervisorConfig> reloader, Path stateFile, boolean subreaper) {
        this.tracking = new ProcessTracking(log, owner, stateFile, subreaper);
        this.config = config;
        this.pending = config;
        this.log = log;
        this.owner = owner;
        this.io = io;
        this.notifier = notifier;
        this.configPublisher = configPublisher;
        this.terminated = terminated;
        this.reloader = reloader;
        this.planner = planner(config);
        this.ticker = new Ticker(owner, bus::publish, bus::hasSubscribers);
        this.probes = new Probes(owner, io);
    }

    /** What the server exits with: 0, or N after on_fatal=exit:N. */
    int exitStatus() { return exitStatus; }

    private LaunchPlanner planner(SupervisorConfig config) {
        return new LaunchPlanner(System.getenv(), autoServerUrl(config), Users.currentUid(),
                (spec, url) -> isEventListener(spec) ? ListenerCredentials.forUrl(this.config, url) : Map.of());
    }

    /** supervisord's fallback SUPERVISOR_SERVER_URL: the unix socket, else the inet server, else none. */
    static String autoServerUrl(SupervisorConfig config) {
        if (config.unixHttpServer().isPresent()) return "unix://" + config.unixHttpServer().get().file();
        return config.inetHttpServer()
                .map(s -> "http://" + (s.host().isEmpty() ? "localhost" : s.host()) + ":" + s.port())
                .orElse(null);
    }

    SupervisorState mood() { return mood; }

    // ------------------------------------------------------------------ ProcessContext

    @Override public MainLog log() { return log; }
    @Override public Clock clock() { return owner; }
    @Override public ProcessOs os() { return ProcessOs.NATIVE; }

    @Override
    public void watch(ChildHandle child, ChannelLog stdout, ChannelLog stderr) {
        io.watch(child, stdout, stderr, taps(child.process(), child.pid()));
    }

    @Override public LaunchPlanner planner() { return planner; }
    @Override public boolean stripAnsi() { return config.supervisord().stripAnsi(); }
    @Override public boolean spawningAllowed() { return mood == SupervisorState.RUNNING && !stoppingLeftovers; }
    @Override public ChildTracker tracker() { return tracking; }

    ProcessTracking tracking() { return tracking; }

    @Override
    public Path autoLogFile(String name, String channel) {
        var s = config.supervisord();
        try {
            return autoLogNames.createAutoLog(s.childlogdir(), name, LogChannel.valueOf(channel.toUpperCase(Locale.ROOT)),
                    s.identifier());
        } catch (IOException e) {
            log.error("cannot create AUTO log for " + name + " " + channel + " in " + s.childlogdir() + ": " + e);
            return null;
        }
    }

    @Override public Prober prober() { return probes; }

    @Override public void watchInput(int fd, Consumer<byte[]> onData) { io.watchInput(fd, onData); }

    @Override public void closeInput(int fd) { io.closeInput(fd); }

    @Override
    public Path notifySocketPath(ProcessSpec spec) {
        if (notifyDir == null) {
            try {
                // private (0700): only the supervisor's user can reach the sockets, so no one else can say READY=1
                notifyDir = Files.createTempDirectory("corridor-notify-");
                notifyDir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create a directory for NOTIFY_SOCKET", e);
            }
        }
        return notifyDir.resolve("n" + (++notifySockets) + ".sock");
    }

    @Override
    public List<String> unmetDependencies(ProcessSpec spec) {
        if (spec.readiness().dependsOn().isEmpty()) return List.of();
        Dependencies deps = dependencies();
        List<String> unmet = new ArrayList<>();
        for (String name : spec.readiness().dependsOn()) {
            List<String> resolved = deps.resolve(name);
            if (resolved.isEmpty()) unmet.add(name + " (not configured)");
            for (String ns : resolved) {
                ManagedProcess p = find(ns);
                if (p == null || p.state() != ProcessState.RUNNING) unmet.add(ns);
            }
        }
        return unmet;
    }

    private Dependencies dependencies() {
        return new Dependencies(groups.values().stream().map(ProcessGroup::spec).toList());
    }

    private ManagedProcess find(String namespec) {
        Namespec n = Namespec.parse(namespec);
        ProcessGroup g = groups.get(n.group());
        return g == null || n.wholeGroup() ? null : g.process(n.process());
    }

    private List<ManagedProcess> all() {
        return groups.values().stream().flatMap(g -> g.byPriority().stream()).toList();
    }

    /** The processes that depend_on {@code p}, directly. */
    private List<ManagedProcess> dependents(ManagedProcess p) {
        String ns = p.spec().namespec();
        List<ManagedProcess> out = new ArrayList<>();
        Dependencies deps = null;
        for (ManagedProcess q : all()) {
            if (q.spec().readiness().dependsOn().isEmpty()) continue;
            if (deps == null) deps = dependencies();
            if (deps.of(q.spec()).contains(ns)) out.add(q);
        }
        return out;
    }

    private boolean anyDependsOn() {
        if (anyDependsOn == null) {
            anyDependsOn = groups.values().stream().flatMap(g -> g.spec().processes().stream())
                    .anyMatch(p -> !p.readiness().dependsOn().isEmpty());
        }
        return anyDependsOn;
    }

    /** A process became RUNNING: those waiting on it may spawn now (after this transition, not inside it). */
    private void releaseWaiting() {
        dependencyCheckPosted = false;
        for (ManagedProcess p : all()) {
            if (p.waitingForDependencies()) p.fire(Transitions.Event.DEPENDENCY_READY);
        }
    }

    /** on_fatal: shutdown, or shutdown then exit N. */
    private void onFatal(ManagedProcess p) {
        switch (p.spec().restartPolicy().onFatal()) {
            case RestartPolicy.OnFatal.Ignore i -> { }
            case RestartPolicy.OnFatal.Shutdown sd -> {
                log.critical(p.name() + " is FATAL and has on_fatal=shutdown: stopping everything");
                owner.post(() -> beginStop(SupervisorState.SHUTDOWN));
            }
            case RestartPolicy.OnFatal.Exit e -> {
                log.critical(p.name() + " is FATAL and has on_fatal=exit:" + e.status()
                        + ": stopping everything, then exiting with " + e.status());
                if (exitStatus == 0) exitStatus = e.status();
                owner.post(() -> beginStop(SupervisorState.SHUTDOWN));
            }
        }
    }

    @Override
    public void stateChanged(ManagedProcess process, StateChange change) {
        notifier.publish(change);
        bus.publish(BusEvent.ProcessStateChanged.of(change));
        ProcessGroup group = groups.get(change.group());
        if (group != null && group.pool() != null) group.pool().stateChanged(process, change.to());
        // without depends_on nobody waits: a thousand one-spawn slices must not each scan every process
        if (change.to() == ProcessState.RUNNING && !dependencyCheckPosted && anyDependsOn()) {
            dependencyCheckPosted = true;
            owner.post(this::releaseWaiting);
        }
        if (change.to() == ProcessState.FATAL && mood == SupervisorState.RUNNING) onFatal(process);
        if (stopGroups != null && !progressPosted) {
            // Continue the ordered stop after the current transition has finished, not inside it.
            progressPosted = true;
            owner.post(this::advanceStop);
        }
    }

    @Override
    public boolean isEventListener(ProcessSpec spec) {
        ProcessGroup g = groups.get(spec.groupName());
        return g != null && g.pool() != null;
    }

    /** What reads the output of {@code process}'s spawn {@code pid} before its logs (events, capture, protocol). */
    private OutputTap.Pair taps(ManagedProcess process, int pid) {
        ProcessSpec s = process.spec();
        ProcessGroup group = groups.get(s.groupName());
        ListenerPool pool = group == null ? null : group.pool();
        OutputTap stdout = pool != null
                ? new ListenerTap(bytes -> owner.post(() -> pool.output(process, pid, bytes)))
                : captureTap(s, pid, s.stdout(), EventType.PROCESS_LOG_STDOUT, EventType.PROCESS_COMMUNICATION_STDOUT);
        OutputTap stderr = s.redirectStderr() ? null
                : captureTap(s, pid, s.stderr(), EventType.PROCESS_LOG_STDERR, EventType.PROCESS_COMMUNICATION_STDERR);
        return stdout == null && stderr == null ? OutputTap.Pair.NONE : new OutputTap.Pair(stdout, stderr);
    }

    /** Capture mode and {@code *_events_enabled} of one stream; null when it raises no events. */
    private OutputTap captureTap(ProcessSpec s, int pid, LogSpec stream, EventType logType, EventType commType) {
        if (stream.captureMaxBytes() <= 0 && !stream.eventsEnabled()) return null;
        String channel = logType == EventType.PROCESS_LOG_STDOUT ? "stdout" : "stderr";
        return new CaptureTap(stream.captureMaxBytes(), stream.eventsEnabled(), new CaptureTap.Events() {
            @Override
            public void log(byte[] data) {
                owner.post(() -> bus.publish(new BusEvent.ProcessLog(logType, s.name(), s.groupName(), pid, data)));
            }

            @Override
            public void communication(byte[] data) {
                owner.post(() -> {
                    bus.publish(new BusEvent.ProcessCommunication(commType, s.name(), s.groupName(), pid, data));
                    log.debug("'" + s.name() + "' " + channel + " emitted a comm event");
                });
            }
        });
    }

    /** XML-RPC {@code sendRemoteCommEvent}: supervisord raises it whatever its state. */
    void sendRemoteCommEvent(String type, String data) {
        bus.publish(new BusEvent.RemoteCommunication(type, data));
    }

    // ------------------------------------------------------------------ lifecycle

    /** Creates the groups and starts the autostart processes in priority order. */
    void startup() {
        if (!config.supervisord().nocleanup()) clearAutoChildLogs();
        // supervisord's process_groups dict: created in (priority, name) order; groups added later go last
        List<ProcessGroup> created = new ArrayList<>();
        for (GroupSpec g : config.groups()) created.add(newGroup(g));
        created.sort(ProcessGroup.GROUP_ORDER);
        for (ProcessGroup g : created) activate(g);
        bus.publish(new BusEvent.SupervisorStateChanged(EventType.SUPERVISOR_STATE_CHANGE_RUNNING));
        InstanceRecorder r = tracking.recorder();
        stoppingLeftovers = true;
        LeftoverStop.run(r.previous(), ProcessHandle.current().pid(), r.selfStartTime(), log, owner,
                name -> specOf(name).map(ProcessSpec::stopSignal).orElse(Signals.SIGTERM),
                name -> specOf(name).map(ProcessSpec::stopWaitSecs).orElse(10),
                () -> {
                    stoppingLeftovers = false;
                    if (mood == SupervisorState.RUNNING) autostartAll();
                });
    }

    private java.util.Optional<ProcessSpec> specOf(String namespec) {
        return config.groups().stream().flatMap(g -> g.processes().stream())
                .filter(p -> p.namespec().equals(namespec)).findFirst();
    }

    private ProcessGroup newGroup(GroupSpec spec) {
        ProcessGroup g = new ProcessGroup(spec, this);
        spec.eventPool().ifPresent(p -> g.pool(new ListenerPool(spec.name(), p, g.byPriority(), log, owner,
                config.supervisord().identifier())));
        return g;
    }

    /** supervisord's {@code add_process_group}: a pool subscribes first, so it hears of its own arrival too. */
    private void activate(ProcessGroup g) {
        groups.put(g.name(), g);
        anyDependsOn = null;
        if (g.pool() != null) {
            bus.subscribe(g.pool());
            ticker.start();
        }
        bus.publish(new BusEvent.GroupChanged(EventType.PROCESS_GROUP_ADDED, g.name()));
    }

    /**
     * How long one turn of autostart or of a group operation may go on before it yields to the queue and the timers:
     * a request that arrives meanwhile waits at most this plus one spawn. A count of processes would not bound the
     * wait: a spawn costs ~1 ms on a quiet machine, tens of ms on an overloaded one, and the first in a JVM more.
     */
    private static final long SLICE_NANOS = 5_000_000L;

    /** Whether a slice that began at {@code startNanos} may handle one more process (the first always may). */
    private static boolean sliceLeft(long startNanos, int handled) {
        return handled == 0 || System.nanoTime() - startNanos < SLICE_NANOS;
    }

    private void autostartAll() {
        List<ManagedProcess> order = new ArrayList<>();
        for (ProcessGroup g : sortedGroups()) order.addAll(g.byPriority());
        autostartFrom(order, 0);
    }

    /**
     * Starts a slice in priority order, then yields to whatever arrived meanwhile and to the timers that fell due: a
     * thousand spawns take seconds, and a status, log or stdin request must not wait for all of them. A process whose
     * group was removed in between is skipped.
     */
    private void autostartFrom(List<ManagedProcess> order, int from) {
        long start = System.nanoTime();
        int i = from;
        while (i < order.size() && sliceLeft(start, i - from)) {
            ManagedProcess p = order.get(i++);
            ProcessGroup g = groups.get(p.spec().groupName());
            if (g != null && g.process(p.spec().name()) == p) autostart(p);
        }
        int next = i;
        // a deadline due now runs after the queued requests and the due timers; if it fails, the loop logs it
        if (next < order.size()) owner.schedule(0, () -> autostartFrom(order, next));
    }

    /** Autostart, except the programs stopped by hand: they stay stopped across restarts and reloads. */
    private void autostart(ManagedProcess p) {
        if (!tracking.recorder().stoppedByHand(p.spec().namespec())) {
            p.autostart();
        } else if (p.spec().autostart() && p.state() == ProcessState.STOPPED) {
            log.info("not starting " + p.spec().namespec() + ": it was stopped by hand");
        }
    }

    /** supervisord's {@code clear_autochildlogdir}: AUTO logs of a previous run with our identifier. */
    private void clearAutoChildLogs() {
        var s = config.supervisord();
        try {
            for (Path f : LogFileNames.clearAutoLogs(s.childlogdir(), s.identifier())) {
                log.warn("Failed to clean up '" + f + "'");
            }
        } catch (IOException e) {
            log.warn("Could not clear childlog dir");
        }
    }

    /** Shutdown (SHUTDOWN) or reload (RESTARTING): stop groups one at a time, highest priority number first. */
    void beginStop(SupervisorState newMood) {
        if (mood != SupervisorState.RUNNING) {
            if (newMood == SupervisorState.SHUTDOWN) mood = SupervisorState.SHUTDOWN; // a shutdown beats a reload
            return;
        }
        mood = newMood;
        bus.publish(new BusEvent.SupervisorStateChanged(EventType.SUPERVISOR_STATE_CHANGE_STOPPING));
        stopGroups = new ArrayDeque<>(sortedGroups());
        advanceStop();
        reportUnstopped();
    }

    private void advanceStop() {
        progressPosted = false;
        if (stopGroups == null) return;
        while (!stopGroups.isEmpty()) {
            ProcessGroup g = stopGroups.peekLast();
            g.stopAll(this::stopDependentsFirst);
            if (!g.unstopped().isEmpty()) break;
            stopGroups.pollLast();
        }
        if (groups.values().stream().allMatch(g -> g.unstopped().isEmpty())) stopped();
    }

    /**
     * depends_on: a process stops only once everything that depends on it has stopped. Stops those dependents
     * (and theirs) now. @return true if {@code p} may be stopped now
     */
    private boolean stopDependentsFirst(ManagedProcess p) {
        boolean clear = true;
        for (ManagedProcess d : dependents(p)) {
            if (d.state().isStopped()) continue;
            clear = false;
            if (d.state() == ProcessState.STOPPING) continue;
            if (stopDependentsFirst(d)) {
                if (d.state() == ProcessState.BACKOFF) d.giveUp(); else d.stop();
            }
        }
        return clear;
    }

    private void reportUnstopped() {
        if (stopGroups == null) return;
        List<String> names = groups.values().stream().flatMap(g -> g.unstopped().stream())
                .map(ManagedProcess::name).toList();
        if (!names.isEmpty()) log.info("waiting for " + String.join(", ", names) + " to die");
        owner.schedule(SHUTDOWN_REPORT_NANOS, this::reportUnstopped);
    }

    private void stopped() {
        stopGroups = null;
        if (mood == SupervisorState.RESTARTING) {
            reload();
            return;
        }
        for (ProcessGroup g : groups.values()) release(g);
        groups.clear();
        anyDependsOn = null;
        tracking.containment().close(maxStopWait() + 2);
        tracking.recorder().flushNow();
        probes.shutdown();
        deleteNotifyDir();
        io.shutdown();
        notifier.shutdown();
        owner.stop();
        terminated.complete(null);
    }

    private void reload() {
        SupervisorConfig next = config;
        try {
            next = reloader.apply(config.source());
        } catch (RuntimeException e) {
            log.error("could not reread the configuration, restarting with the old one: " + e.getMessage());
        }
        for (ProcessGroup g : groups.values()) release(g);
        groups.clear();
        anyDependsOn = null;
        bus.clear();
        config = next;
        pending = next;
        planner = planner(next);
        configPublisher.accept(next);
        mood = SupervisorState.RUNNING;
        startup();
    }

    private void deleteNotifyDir() {
        if (notifyDir == null) return;
        try (var files = Files.list(notifyDir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(notifyDir);
        } catch (IOException e) {
            log.warn("could not remove " + notifyDir + ": " + e.getMessage());
        }
    }

    private void release(ProcessGroup g) {
        for (ManagedProcess p : g.byPriority()) {
            p.release();
            List<ChannelLog> logs = p.openedLogs();
            io.execute(() -> logs.forEach(ChannelLog::close));
        }
        g.closeSocket();
    }

    // ------------------------------------------------------------------ look-ups

    /** supervisord's {@code _getAllProcesses} order: by priority only, ties in creation order (a stable sort). */
    private List<ProcessGroup> sortedGroups() {
        List<ProcessGroup> l = new ArrayList<>(groups.values());
        l.sort(Comparator.comparingInt(g -> g.spec().priority()));
        return l;
    }

    ManagedProcess process(String namespec) {
        Namespec n = Namespec.parse(namespec);
        ProcessGroup g = groups.get(n.group());
        ManagedProcess p = g == null || n.wholeGroup() ? null : g.process(n.process());
        if (p == null) throw new SupervisorException(Fault.BAD_NAME, namespec);
        return p;
    }

    private ProcessGroup group(String name) {
        ProcessGroup g = groups.get(name);
        if (g == null) throw new SupervisorException(Fault.BAD_NAME, name);
        return g;
    }

    List<ProcessInfo> infos() {
        return groups.values().stream().flatMap(g -> g.byPriority().stream()).map(ManagedProcess::info)
                .sorted(Comparator.comparing(ProcessInfo::group).thenComparing(ProcessInfo::name)).toList();
    }

    private void requireRunning() {
        if (mood != SupervisorState.RUNNING) throw new SupervisorException(Fault.SHUTDOWN_STATE);
    }

    // ------------------------------------------------------------------ start / stop / signal

    CompletableFuture<Void> startProcess(String namespec, boolean wait) {
        requireRunning();
        ManagedProcess p = process(namespec);
        if (stoppingLeftovers) {
            throw new SupervisorException(Fault.FAILED, namespec + ": the processes a previous instance left are "
                    + "still being stopped");
        }
        String command;
        try {
            command = planner.resolveCommand(p.spec());
        } catch (SpawnFailure e) {
            throw new SupervisorException(e.fault(), e.getMessage());
        }
        if (p.state().isRunning()) throw new SupervisorException(Fault.ALREADY_STARTED, namespec);
        if (p.state() == ProcessState.UNKNOWN) {
            throw new SupervisorException(Fault.FAILED, namespec + " is in an unknown process state");
        }
        tracking.recorder().clearStopped(p.spec().namespec());
        startDependencies(p, new java.util.HashSet<>());
        p.start(command);
        if (p.hasSpawnError()) throw new SupervisorException(Fault.SPAWN_ERROR, namespec);
        return wait ? p.awaitRunning(namespec) : CompletableFuture.completedFuture(null);
    }

    /** depends_on: {@code start x} first starts what x depends on and is not started (theirs first). */
    private void startDependencies(ManagedProcess p, java.util.Set<ManagedProcess> seen) {
        if (!seen.add(p) || p.spec().readiness().dependsOn().isEmpty()) return;
        for (String ns : dependencies().of(p.spec())) {
            ManagedProcess d = find(ns);
            if (d == null || d.state().isRunning() || d.state() == ProcessState.STOPPING) continue;
            startDependencies(d, seen);
            log.info("starting " + d.name() + " first: " + p.name() + " depends on it");
            d.start();
        }
    }

    CompletableFuture<Void> stopProcess(String namespec, boolean wait) {
        requireRunning();
        ManagedProcess p = process(namespec);
        if (!p.state().isRunning()) throw new SupervisorException(Fault.NOT_RUNNING, namespec);
        if (!stopDependentsFirst(p)) {
            // depends_on: its dependents are stopping; p follows when the last of them has stopped
            log.info("stopping what depends on " + p.name() + " first");
            stopWhenDependentsStopped(p);
            tracking.recorder().markStopped(p.spec().namespec(), clock().wallMillis());
            if (!wait) return CompletableFuture.completedFuture(null);
            return p.awaitStopped();
        }
        String msg = p.stop();
        if (msg != null) throw new SupervisorException(Fault.FAILED, msg);
        tracking.recorder().markStopped(p.spec().namespec(), clock().wallMillis());
        if (!wait) return CompletableFuture.completedFuture(null);
        reportStopping(p, p.pid());
        return p.awaitStopped();
    }

    private void stopWhenDependentsStopped(ManagedProcess p) {
        List<CompletableFuture<Void>> stops = dependents(p).stream().map(ManagedProcess::awaitStopped).toList();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).thenRun(() -> owner.post(() -> {
            if (p.state().isRunning() && stopDependentsFirst(p)) p.stop();
            else if (p.state().isRunning()) stopWhenDependentsStopped(p);
        }));
    }

    /**
     * supervisord's {@code stop_report}, run by a waiting stop: "waiting for x to stop" in the main log now and every
     * 2 s while that child is still stopping (maintail shows it).
     */
    private void reportStopping(ManagedProcess p, int pid) {
        if (p.state() != ProcessState.STOPPING || p.pid() != pid) return;
        log.info("waiting for " + p.name() + " to stop");
        owner.schedule(STOP_REPORT_NANOS, () -> reportStopping(p, pid));
    }

    void signalProcess(String namespec, String signal) {
        requireRunning();
        ManagedProcess p = process(namespec);
        OptionalInt sig = Signals.parse(signal);
        if (sig.isEmpty()) throw new SupervisorException(Fault.BAD_SIGNAL, signal);
        if (!p.state().isSignallable()) throw new SupervisorException(Fault.NOT_RUNNING, namespec);
        String msg = p.signal(sig.getAsInt());
        if (msg != null) throw new SupervisorException(Fault.FAILED, msg);
    }

    /** The processes of a group (null = all groups) in (group priority, process priority) order. */
    private List<ManagedProcess> members(String group) {
        requireRunning();
        List<ProcessGroup> gs = group == null ? sortedGroups() : List.of(group(group));
        return gs.stream().flatMap(g -> g.byPriority().stream()).toList();
    }

    CompletableFuture<List<ActionResult>> startMany(String group, boolean wait) {
        return forEach(members(group), p -> !p.state().isRunning(), p -> startProcess(p.spec().namespec(), wait));
    }

    CompletableFuture<List<ActionResult>> stopMany(String group, boolean wait) {
        return forEach(members(group), p -> p.state().isRunning(), p -> stopProcess(p.spec().namespec(), wait));
    }

    CompletableFuture<List<ActionResult>> signalMany(String group, String signal) {
        return forEach(members(group), p -> p.state().isSignallable(), p -> {
            signalProcess(p.spec().namespec(), signal);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** supervisord's {@code make_allfunc}: skipped processes give no entry; each refusal becomes its entry. */
    private CompletableFuture<List<ActionResult>> forEach(List<ManagedProcess> processes,
                                                          Predicate<ManagedProcess> applies,
                                                          Function<ManagedProcess, CompletableFuture<Void>> action) {
        GroupResults results = new GroupResults(owner);
        CompletableFuture<Void> allAsked = new CompletableFuture<>();
        forEachFrom(processes, 0, applies, action, results, allAsked);
        return allAsked.thenCompose(v -> results.seal());
    }

    /**
     * One slice of a group operation, then the rest after whatever arrived meanwhile (as for autostart): a start of a
     * thousand processes must not hold a status request for the seconds its spawns take.
     */
    private void forEachFrom(List<ManagedProcess> processes, int from, Predicate<ManagedProcess> applies,
                             Function<ManagedProcess, CompletableFuture<Void>> action, GroupResults results,
                             CompletableFuture<Void> allAsked) {
        long start = System.nanoTime();
        int to = from;
        while (to < processes.size() && sliceLeft(start, to - from)) {
            int i = to++;
            ManagedProcess p = processes.get(i);
            if (!applies.test(p)) continue;
            String name = p.name(), group = p.spec().groupName();
            CompletableFuture<Void> f;
            try {
                f = action.apply(p);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            results.add(i, f.handle((ok, e) -> e == null
                    ? new ActionResult(name, group, Fault.SUCCESS, "OK")
                    : failure(name, group, e)));
        }
        if (to == processes.size()) {
            allAsked.complete(null);
            return;
        }
        // a future, not a bare action: if the loop ends first, the refusal reaches the caller instead of nothing
        int next = to;
        owner.callAfterPending(() -> {
            forEachFrom(processes, next, applies, action, results, allAsked);
            return null;
        }).exceptionally(e -> {
            allAsked.completeExceptionally(e);
            return null;
        });
    }

    private static ActionResult failure(String name, String group, Throwable e) {
        Throwable cause = Futures.cause(e);
        if (cause instanceof SupervisorException se) return new ActionResult(name, group, se.fault(), se.getMessage());
        return new ActionResult(name, group, Fault.FAILED, "FAILED: " + cause);
    }

    // ------------------------------------------------------------------ reread / add / remove

    SupervisorConfig pendingConfig() {
        return pending;
    }

    ConfigDiff diff(SupervisorConfig next) {
        requireRunning();
        pending = next;
        Map<String, GroupSpec> nextGroups = next.groups().stream()
                .collect(Collectors.toMap(GroupSpec::name, g -> g, (a, b) -> b, LinkedHashMap::new));
        List<String> added = new ArrayList<>(), changed = new ArrayList<>(), removed = new ArrayList<>();
        for (GroupSpec g : next.groups()) {
            ProcessGroup active = groups.get(g.name());
            if (active == null) added.add(g.name());
            else if (!active.spec().equals(g)) changed.add(g.name());
        }
        for (String name : groups.keySet()) if (!nextGroups.containsKey(name)) removed.add(name);
        added.sort(null);
        changed.sort(null);
        removed.sort(null);
        return new ConfigDiff(List.copyOf(added), List.copyOf(changed), List.copyOf(removed));
    }

    void addGroup(String name) {
        requireRunning();
        GroupSpec spec = pending.groups().stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new SupervisorException(Fault.BAD_NAME, name));
        if (groups.containsKey(name)) throw new SupervisorException(Fault.ALREADY_ADDED, name);
        ProcessGroup g = newGroup(spec);
        activate(g);
        List<GroupSpec> specs = new ArrayList<>(config.groups());
        specs.removeIf(s -> s.name().equals(name));
        specs.add(spec);
        publishConfig(specs);
        // supervisord's update re-adds a changed group as new: a stop by hand does not outlive it
        for (ManagedProcess p : g.byPriority()) tracking.recorder().clearStopped(p.spec().namespec());
        if (!stoppingLeftovers) for (ManagedProcess p : g.byPriority()) p.autostart();
    }

    void removeGroup(String name) {
        requireRunning();
        ProcessGroup g = group(name);
        if (!g.unstopped().isEmpty()) throw new SupervisorException(Fault.STILL_RUNNING, name);
        if (g.pool() != null) bus.unsubscribe(g.pool());
        groups.remove(name);
        anyDependsOn = null;
        release(g);
        bus.publish(new BusEvent.GroupChanged(EventType.PROCESS_GROUP_REMOVED, name));
        for (ManagedProcess p : g.byPriority()) tracking.recorder().clearStopped(p.spec().namespec());
        List<GroupSpec> specs = new ArrayList<>(config.groups());
        specs.removeIf(s -> s.name().equals(name));
        publishConfig(specs);
    }

    private void publishConfig(List<GroupSpec> specs) {
        config = new SupervisorConfig(config.source(), config.supervisord(), config.unixHttpServer(),
                config.inetHttpServer(), config.supervisorctl(), List.copyOf(specs), config.warnings());
        configPublisher.accept(config);
    }

    private int maxStopWait() {
        return config.groups().stream().flatMap(g -> g.processes().stream()).mapToInt(ProcessSpec::stopWaitSecs)
                .max().orElse(10);
    }

    // ------------------------------------------------------------------ history, intent, resources

    /** The last exits of a process, oldest first. Faults: BAD_NAME. */
    List<io.corridor.supervisor.ExitRecord> history(String namespec) {
        ManagedProcess p = process(namespec);
        return tracking.history().of(p.spec().namespec());
    }

    /** When each process stopped by hand was stopped (epoch ms), by namespec. */
    Map<String, Long> stoppedByHand() {
        return tracking.recorder().stoppedByHand();
    }

    /** Pids of the children we spawned and have not reaped yet (their exit is ours to handle). */
    java.util.Set<Integer> managedPids() {
        java.util.Set<Integer> pids = new java.util.HashSet<>();
        for (ProcessGroup g : groups.values()) for (ManagedProcess p : g.byPriority()) if (p.pid() > 0) pids.add(p.pid());
        pids.addAll(probes.pids());
        return pids;
    }

    // ------------------------------------------------------------------ logs

    void sendStdin(String namespec, String chars) {
        requireRunning();
        process(namespec).sendStdin(chars);
    }

    /**
     * The logs {@code logrotate} rolls over: every stream of the named processes ({@code name}, {@code group:name},
     * {@code group:*}), or of every process when none is named. Faults: BAD_NAME.
     */
    List<ChannelLog> logsToRotate(List<String> namespecs) {
        java.util.Set<ManagedProcess> chosen = new java.util.LinkedHashSet<>();
        if (namespecs.isEmpty()) {
            groups.values().forEach(g -> chosen.addAll(g.byPriority()));
        }
        for (String namespec : namespecs) {
            Namespec n = Namespec.parse(namespec);
            if (n.wholeGroup()) chosen.addAll(group(n.group()).byPriority());
            else chosen.add(process(namespec));
        }
        return chosen.stream().flatMap(p -> java.util.stream.Stream.of(p.log(LogChannel.STDOUT),
                p.log(LogChannel.STDERR))).toList();
    }

    /** Every log of every process, for reopen (SIGUSR2). */
    List<ChannelLog> allLogs() {
        return groups.values().stream().flatMap(g -> g.byPriority().stream())
                .flatMap(p -> p.openedLogs().stream()).toList();
    }
}
