package io.corridor.supervisor.engine;

import io.corridor.supervisor.ExitReason;
import io.corridor.supervisor.ExitRecord;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.config.LogSpec;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.config.Probe;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.config.ReadinessSpec;
import io.corridor.supervisor.config.ReadinessSpec.HealthCheck;
import io.corridor.supervisor.config.ReadinessSpec.ReadyCheck;
import io.corridor.supervisor.logging.AnsiStripper;
import io.corridor.supervisor.os.Errno;
import io.corridor.supervisor.os.ExitStatus;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.NativeException;
import io.corridor.supervisor.os.Signals;
import io.corridor.supervisor.os.SpawnRequest;
import io.corridor.supervisor.os.SpawnedChild;
import io.corridor.supervisor.os.WaitResult;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One process and supervisord's state machine for it (process.py {@code Subprocess}), driven by events instead
 * of a once-a-second {@code transition()}. Which event does what in which state is {@link Transitions}' table;
 * this class turns the outside world into events ({@link #start}, {@link #stop}, {@link #exited}, its deadline)
 * and implements the table's actions. System calls go through {@link ProcessOs} and time through {@link Clock}, so
 * the machine also runs on virtual time with made-up children. Owner thread only.
 */
final class ManagedProcess {
    private static final long MILLI = 1_000_000L;
    /** Lines of output kept in an exit record. */
    static final int EXIT_OUTPUT_LINES = 10;
    /** How often a polled ready_check (tcp:, http://, exec:) is tried while STARTING. */
    private static final long READY_POLL_NANOS = 500 * MILLI;

    private final ProcessSpec spec;
    private final ProcessContext ctx;
    private ProcessState state = ProcessState.STOPPED;
    private ChildHandle child;
    /** Set only while {@link #start(String)} fires START: the command its caller resolved. */
    private String resolvedCommand;
    private int stdin = -1;
    private long lastStart;          // epoch millis, 0 = never started
    private long lastStop;
    private int backoff;
    private String spawnErr;         // null = none
    private Integer exitStatus;      // null = none (supervisord's None)
    private ExitStatus lastExit;     // the EXIT event's payload
    private int lastWaitStatus = -1; // its raw wait status (signal, core dump); -1 = unknown
    /** Why the current child is being stopped, when not by request (max_memory, a failed health check). */
    private ExitReason stopCause;
    private boolean forcedKill;      // this stop needed SIGKILL
    private boolean restartWhenStopped;
    /** The last lines the process wrote, for its exit record. */
    private final OutputTail tail = new OutputTail();
    /** The one pending deadline; it belongs to the state that set it and is cancelled by any state change. */
    private Clock.Timer deadline;
    private ChannelLog stdoutLog;
    private ChannelLog stderrLog;
    private final List<Runnable> watchers = new ArrayList<>();
    private FcgiPoolSocket fcgiSocket;  // an [fcgi-program:x] process: fd 0 is its pool's socket
    // readiness (ready_check, depends_on) and health of the current spawn
    private final HealthMonitor health;
    private List<String> waitingFor;   // non-null: STARTING without a child until these are RUNNING
    private long spawnSeq;             // tells data of this spawn's pipe/socket from an earlier one's
    private int notifyFd = -1;
    private Path notifyPath;
    private int readyPipe = -1;        // read end of the fd:N pipe
    private Clock.Timer pollTimer;
    private boolean readyTimedOut;
    private String notifyStatus = "";  // STATUS= of the notify protocol
    private String lastReadyFailure = "";
    private SpawnRequest lastRequest; // the current spawn's, for its probes; null when it has none

    ManagedProcess(ProcessSpec spec, ProcessContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
        this.health = new HealthMonitor(this, ctx, spec.readiness().health());
    }

    ProcessSpec spec() { return spec; }

    void fcgiSocket(FcgiPoolSocket socket) { this.fcgiSocket = socket; }

    ProcessState state() { return state; }

    int pid() { return child == null ? 0 : child.pid(); }

    /** Epoch ms of the last spawn, 0 = never. */
    long lastStart() { return lastStart; }

    String name() { return spec.name(); }

    // ------------------------------------------------------------------ events in

    /** Runs what the table says {@code event} does in the current state. @return an error message, or null */
    String fire(Transitions.Event event) {
        return Transitions.action(state, event).run(this);
    }

    /** start: STOPPED/EXITED/FATAL/BACKOFF → STARTING. */
    void start() { fire(Transitions.Event.START); }

    /**
     * {@link #start()} with the command startProcess already resolved (to refuse NO_FILE/NOT_EXECUTABLE before any
     * transition, as supervisord does): the spawn uses it instead of searching PATH a second time.
     */
    void start(String resolvedCommand) {
        this.resolvedCommand = resolvedCommand;
        try {
            fire(Transitions.Event.START);
        } finally {
            this.resolvedCommand = null;
        }
    }

    /** supervisord's autostart: only a process object that was never started. */
    void autostart() {
        if (state == ProcessState.STOPPED && lastStart == 0 && spec.autostart() && ctx.spawningAllowed()) start();
    }

    /** Administrative stop: stopsignal now, SIGKILL every stopwaitsecs. @return an error message, or null */
    String stop() { return fire(Transitions.Event.STOP); }

    /** A shutdown met this process in BACKOFF: FATAL. */
    void giveUp() { fire(Transitions.Event.GIVE_UP); }

    /** The I/O thread saw this spawn's pidfd turn readable. */
    void exited(ChildHandle handle) {
        // supervisord learns of every exit from SIGCHLD and says so at debug level; users' scripts wait for it
        ctx.log().debug("received SIGCHLD indicating a child quit");
        if (handle != child) return; // already reaped at the startsecs deadline
        WaitResult w = ctx.os().reap(handle.pid());
        if (w.reaped()) {
            onExit(ExitStatus.decode(w.status()), w.status());
        } else if (w.pid() < 0) {
            // Someone else in this JVM reaped it (a stray waitpid(-1)): the status is lost, the death is not.
            onExit(new ExitStatus(-1, "unknown termination cause (" + Errno.name(w.pid()) + ")"), -1);
        }
    }

    private void onExit(ExitStatus status, int waitStatus) {
        lastExit = status;
        lastWaitStatus = waitStatus;
        fire(Transitions.Event.EXIT);
    }

    // ------------------------------------------------------------------ actions: starting

    String spawn() {
        killDeadline();
        List<String> unmet = ctx.unmetDependencies(spec);
        if (!unmet.isEmpty()) return waitForDependencies(unmet);
        waitingFor = null;
        spawnErr = null;
        exitStatus = null;
        readyTimedOut = false;
        notifyStatus = "";
        lastReadyFailure = "";
        lastStart = ctx.clock().wallMillis();
        stopCause = null;
        forcedKill = false;
        restartWhenStopped = false;
        tail.clear();
        changeState(ProcessState.STARTING, true);

        SpawnedChild spawned;
        SpawnRequest request;
        int readyPipeWrite = -1;
        try {
            Map<String, String> env = new LinkedHashMap<>();
            Map<Integer, Integer> fds = new HashMap<>();
            readyPipeWrite = openReadinessChannels(env, fds);
            Path cgroup = ctx.tracker().cgroupFor(this);
            request = resolvedCommand != null ? ctx.planner().plan(spec, cgroup, env, fds, resolvedCommand)
                    : ctx.planner().plan(spec, cgroup, env, fds);
            if (fcgiSocket != null) request = request.withStdin(fcgiSocket(request));
            openLogs();
            spawned = ctx.os().spawn(request);
        } catch (SpawnFailure e) {
            ctx.tracker().spawnFailed(this);
            closeReadinessChannels(readyPipeWrite);
            spawnFailed(e.getMessage());
            return null;
        } catch (NativeException e) {
            ctx.tracker().spawnFailed(this);
            closeReadinessChannels(readyPipeWrite);
            spawnFailed(describe(e, request0()));
            return null;
        }
        if (readyPipeWrite >= 0) ctx.os().close(readyPipeWrite); // the child has its copy at fd N
        // Only probes read it again: without them each child would hold ~40 environment strings (3.5 MiB at 1000).
        lastRequest = spec.readiness().usesProbes() ? request : null;
        child = new ChildHandle(this, spawned);
        ctx.tracker().spawned(this, spawned.pid());
        stdin = spawned.stdin();
        ctx.watch(child, stdoutLog, stderrLog);
        ctx.log().info("spawned: '" + name() + "' with pid " + spawned.pid());
        switch (spec.readiness().readyCheck()) {
            case ReadyCheck.StartSecs s -> {
                if (spec.startSecs() == 0) {
                    enterRunning();
                } else {
                    // "stayed up strictly more than startsecs": the deadline is 1 ms past it.
                    schedule(spec.startSecs() * 1000L * MILLI + MILLI);
                }
            }
            case ReadyCheck.Polled p -> {
                armReadyTimeout();
                pollReady(p.probe(), spawnSeq);
            }
            case ReadyCheck.Notify n -> armReadyTimeout();
            case ReadyCheck.Fd f -> armReadyTimeout();
        }
        return null;
    }

    /** STARTING with no child: {@code depends_on} names processes that are not RUNNING yet. */
    private String waitForDependencies(List<String> unmet) {
        boolean first = waitingFor == null || !waitingFor.equals(unmet);
        waitingFor = List.copyOf(unmet);
        spawnErr = null;
        changeState(ProcessState.STARTING, true);
        if (first) ctx.log().info(name() + " waits for " + String.join(", ", unmet) + " (depends_on)");
        return null;
    }

    /** DEPENDENCY_READY in STARTING: spawn, if this process was waiting and nothing is missing any more. */
    String dependencyReady() {
        if (waitingFor == null || !ctx.spawningAllowed()) return null;
        return spawn();
    }

    boolean waitingForDependencies() { return waitingFor != null; }

    /**
     * The child's end of its readiness channel: {@code NOTIFY_SOCKET} (notify, watchdog) or the pipe at fd N.
     * @return the pipe's write end to close once spawned, or -1
     */
    private int openReadinessChannels(Map<String, String> env, Map<Integer, Integer> fds) throws SpawnFailure {
        long seq = ++spawnSeq;
        ReadinessSpec r = spec.readiness();
        try {
            if (r.usesNotify()) {
                notifyPath = ctx.notifySocketPath(spec);
                notifyFd = ctx.os().notifySocket(notifyPath);
                ctx.watchInput(notifyFd, bytes -> notified(seq, bytes));
                env.put("NOTIFY_SOCKET", notifyPath.toString());
                if (r.health().check() instanceof HealthCheck.Watchdog) {
                    env.put("WATCHDOG_USEC", Long.toString(r.health().interval().toNanos() / 1000));
                }
            }
            if (r.readyCheck() instanceof ReadyCheck.Fd f) {
                int[] pipe = ctx.os().pipe();
                readyPipe = pipe[0];
                ctx.watchInput(readyPipe, bytes -> readyFdData(seq, bytes));
                fds.put(f.fd(), pipe[1]);
                return pipe[1];
            }
            return -1;
        } catch (NativeException e) {
            closeReadinessChannels(-1);
            throw new SpawnFailure(Fault.SPAWN_ERROR, "couldn't set up ready_check " + r.readyCheck() + " for '"
                    + name() + "': " + e.getMessage());
        }
    }

    private void closeReadinessChannels(int readyPipeWrite) {
        if (readyPipeWrite >= 0) ctx.os().close(readyPipeWrite);
        if (notifyFd >= 0) {
            ctx.closeInput(notifyFd);
            notifyFd = -1;
            try {
                java.nio.file.Files.deleteIfExists(notifyPath);
            } catch (java.io.IOException ignored) {
                // a stale socket file in our private directory harms nothing
            }
        }
        if (readyPipe >= 0) {
            ctx.closeInput(readyPipe);
            readyPipe = -1;
        }
        if (pollTimer != null) pollTimer.cancel();
        pollTimer = null;
    }

    /** A datagram on NOTIFY_SOCKET: systemd's sd_notify protocol, one KEY=VALUE per line. */
    private void notified(long seq, byte[] bytes) {
        if (seq != spawnSeq || child == null || bytes.length == 0) return;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) continue;
            String key = line.substring(0, eq), value = line.substring(eq + 1);
            switch (key) {
                case "READY" -> {
                    if (value.equals("1") && spec.readiness().readyCheck() instanceof ReadyCheck.Notify) {
                        fire(Transitions.Event.READY);
                    }
                }
                case "STATUS" -> notifyStatus = value;
                case "WATCHDOG" -> {
                    if (value.equals("1")) health.ping();
                }
                case "STOPPING" -> {
                    if (value.equals("1")) {
                        ctx.log().info(name() + " is stopping (STOPPING=1)");
                        health.stop(); // no watchdog verdicts while it winds down
                    }
                }
                default -> ctx.log().debug(name() + " sent " + key + "= on NOTIFY_SOCKET (not used)");
            }
        }
    }

    /** s6's readiness: a newline on fd N. */
    private void readyFdData(long seq, byte[] bytes) {
        if (seq != spawnSeq || child == null) return;
        for (byte b : bytes) {
            if (b == '\n') {
                fire(Transitions.Event.READY);
                return;
            }
        }
    }

    private void pollReady(Probe probe, long seq) {
        pollTimer = ctx.clock().after(READY_POLL_NANOS, () -> {
            pollTimer = null;
            ctx.prober().run(probe, lastRequest.environment(), lastRequest.directory(),
                    spec.readiness().health().timeout(), failure -> {
                        if (seq != spawnSeq || state != ProcessState.STARTING || child == null) return;
                        if (failure == null) {
                            fire(Transitions.Event.READY);
                        } else {
                            lastReadyFailure = failure;
                            pollReady(probe, seq);
                        }
                    });
        });
    }

    private void armReadyTimeout() {
        Duration t = spec.readiness().readyTimeout();
        if (!t.isZero()) schedule(t.toNanos());
    }

    String alreadyRunning() {
        ctx.log().warn("process '" + name() + "' already running");
        return null;
    }

    /** supervisord's {@code FastCGISubprocess.before_spawn}: the pool's socket, created by the first spawn. */
    private int fcgiSocket(SpawnRequest request) throws SpawnFailure {
        try {
            return fcgiSocket.acquire();
        } catch (NativeException e) {
            throw new SpawnFailure(Fault.SPAWN_ERROR,
                    "Could not create FastCGI socket " + fcgiSocket.url() + ": " + e.getMessage());
        }
    }

    private String request0() { return spec.argv().isEmpty() ? "" : spec.argv().getFirst(); }

    private String describe(NativeException e, String program) {
        return switch (e.errno()) {
            case Errno.EMFILE, Errno.ENFILE -> "too many open files to spawn '" + name() + "'";
            case Errno.EAGAIN -> "Too many processes in process table to spawn '" + name() + "'";
            default -> e.getMessage().startsWith("posix_spawn:")
                    ? "couldn't exec " + program + ": " + e.errnoName()
                    : "unknown error making dispatchers for '" + name() + "': " + e.errnoName();
        };
    }

    private void spawnFailed(String message) {
        spawnErr = message;
        ctx.log().info("spawnerr: " + message);
        enterBackoff();
    }

    private void openLogs() {
        if (stdoutLog == null) stdoutLog = channelLog(spec.stdout(), "stdout");
        if (stderrLog == null) stderrLog = channelLog(spec.redirectStderr() ? null : spec.stderr(), "stderr");
    }

    private ChannelLog channelLog(LogSpec log, String channel) {
        if (log == null) return new ChannelLog(ctx.log()).tailInto(tail);
        Path path = switch (log.target()) {
            case LogTarget.Auto a -> ctx.autoLogFile(name(), channel);
            case LogTarget.None n -> null;
            case LogTarget.Syslog s -> null; // a child's syslog is the *_syslog flag, never its log target
            case LogTarget.File f -> f.path();
        };
        return new ChannelLog(path, log, spec, channel, ctx.log(), ctx.stripAnsi() ? new AnsiStripper() : null,
                channel.equals("stdout") && ctx.isEventListener(spec)
                        ? MainLogCopy.forListenerStdout(ctx.log(), name())
                        : MainLogCopy.forChannel(ctx.log(), name(), channel, log.syslog())).tailInto(tail);
    }

    /** STARTING's deadline: startsecs have elapsed, or ready_timeout with another ready_check. */
    String startTimer() {
        if (child == null) return null;
        // Decide with the exit already reaped: a child that died just before the deadline is a failed start,
        // never RUNNING-then-EXITED as supervisord's poll loop can report it.
        WaitResult w = ctx.os().reap(child.pid());
        if (w.reaped()) {
            onExit(ExitStatus.decode(w.status()), w.status());
            return null;
        }
        if (spec.readiness().readyCheck() instanceof ReadyCheck.StartSecs) {
            enterRunning();
            return null;
        }
        readyTimedOut = true;
        ctx.log().warn(name() + " was not ready within " + Descriptions.seconds(spec.readiness().readyTimeout())
                + " (ready_check=" + spec.readiness().readyCheck()
                + (lastReadyFailure.isEmpty() ? "" : ": " + lastReadyFailure) + "); killing it");
        ctx.os().kill(spec.killAsGroup() ? -child.pid() : child.pid(), Signals.SIGKILL);
        return null; // its exit is the failed start
    }

    /** READY in STARTING. */
    String ready() {
        if (child == null) return null;
        enterRunning();
        return null;
    }

    private void enterRunning() {
        backoff = 0;
        if (pollTimer != null) pollTimer.cancel();
        pollTimer = null;
        changeState(ProcessState.RUNNING, true);
        ReadyCheck check = spec.readiness().readyCheck();
        ctx.log().info("success: " + name() + " entered RUNNING state, " + (check instanceof ReadyCheck.StartSecs
                ? "process has stayed up for > than " + spec.startSecs() + " seconds (startsecs)"
                : "process is ready (ready_check=" + check + ")"));
        if (lastRequest != null) health.start(lastRequest.environment(), lastRequest.directory());
    }

    /** The child died while STARTING. */
    String failedStart() {
        childGone(ExitReason.START_FAILED);
        exitStatus = null;
        spawnErr = readyTimedOut
                ? "not ready within " + Descriptions.seconds(spec.readiness().readyTimeout()) + " (ready_check="
                        + spec.readiness().readyCheck() + ")"
                : "Exited too quickly (process log may have details)";
        ctx.log().warn("exited: " + name() + " (" + lastExit.description() + "; not expected)");
        enterBackoff();
        return null;
    }

    private void enterBackoff() {
        backoff++;
        changeState(ProcessState.BACKOFF, true);
        if (backoff > spec.startRetries()) {
            enterFatal();
            return;
        }
        schedule(spec.restartPolicy().backoffDelay(backoff).toNanos() + MILLI);
    }

    /** BACKOFF's deadline. */
    String retry() {
        return ctx.spawningAllowed() ? spawn() : null;
    }

    /** BACKOFF → FATAL. */
    String enterFatal() {
        backoff = 0;
        changeState(ProcessState.FATAL, true);
        ctx.log().info("gave up: " + name() + " entered FATAL state, too many start retries too quickly");
        Duration retry = spec.restartPolicy().fatalRetryAfter();
        if (!retry.isZero() && ctx.spawningAllowed()) {
            ctx.log().info(name() + " will be started again in " + Descriptions.seconds(retry) + " (fatal_retry_after)");
            schedule(retry.toNanos());
        }
        return null;
    }

    /** FATAL's deadline: fatal_retry_after is over. */
    String retryFatal() {
        return ctx.spawningAllowed() ? spawn() : null;
    }

    // ------------------------------------------------------------------ actions: exits

    /** Bookkeeping common to every exit: the child is gone, and its exit goes on record. @return its pid */
    private int childGone(ExitReason reason) {
        int pid = child.pid();
        lastStop = ctx.clock().wallMillis();
        closeStdin();
        closeReadinessChannels(-1);
        child = null;
        int signal = lastWaitStatus >= 0 ? lastWaitStatus & 0x7f : 0;
        boolean bySignal = signal != 0 && signal != 0x7f;
        ExitReason why = stopCause != null ? stopCause : reason;
        if (why == ExitReason.STOPPED && forcedKill) why = ExitReason.STOP_TIMEOUT;
        ctx.tracker().exited(this, new ExitRecord(lastStop, Math.max(0, lastStop - lastStart), pid, lastExit.code(),
                bySignal ? Signals.name(signal) : "", bySignal && (lastWaitStatus & 0x80) != 0, why,
                lastExit.description(), tail.lines(EXIT_OUTPUT_LINES)));
        stopCause = null;
        return pid;
    }

    /** The child of a RUNNING (or UNKNOWN) process exited on its own. */
    String exitedRunning() {
        ExitStatus es = lastExit;
        boolean expected = spec.exitCodes().contains(es.code());
        boolean signalled = lastWaitStatus > 0 && (lastWaitStatus & 0x7f) != 0;
        int pid = childGone(expected ? ExitReason.EXITED : signalled ? ExitReason.SIGNALLED : ExitReason.FAILED);
        backoff = 0;
        exitStatus = es.code();
        if (!expected) spawnErr = "Bad exit code " + es.code();
        changeState(ProcessState.EXITED, expected, pid, es.code());
        String msg = "exited: " + name() + " (" + es.description() + "; " + (expected ? "expected" : "not expected") + ")";
        if (expected) ctx.log().info(msg); else ctx.log().warn(msg);
        return autorestart();
    }

    private String autorestart() {
        if (!ctx.spawningAllowed()) return null;
        boolean restart = switch (spec.autoRestart()) {
            case TRUE -> true;
            case UNEXPECTED -> exitStatus == null || !spec.exitCodes().contains(exitStatus);
            case FALSE -> false;
        };
        if (!restart) return null;
        // supervisord respawns an exited process at the next tick of its one-second poll loop, so a child that dies
        // at once costs it one spawn a second; respawning at once would spin a core. A crash after a healthy run
        // (a second or more since the spawn) restarts now. Bounded by the interval in case the wall clock stepped.
        long interval = spec.restartPolicy().minRestartInterval().toMillis();
        long wait = Math.min(interval, lastStart + interval - ctx.clock().wallMillis());
        if (wait <= 0) return spawn();
        schedule(wait * MILLI);
        return null;
    }

    /** EXITED's deadline: the autorestart wait is over. */
    String restartDue() {
        return ctx.spawningAllowed() ? spawn() : null;
    }

    /** The child of a STOPPING process exited. */
    String stopped() {
        int pid = childGone(ExitReason.STOPPED);
        ExitStatus es = lastExit;
        boolean expected = spec.exitCodes().contains(es.code());
        exitStatus = es.code();
        changeState(ProcessState.STOPPED, true, pid, es.code());
        String msg = "stopped: " + name() + " (" + es.description() + ")";
        if (expected) ctx.log().info(msg); else ctx.log().warn(msg);
        if (restartWhenStopped) {
            restartWhenStopped = false;
            if (ctx.spawningAllowed()) return spawn();
        }
        return null;
    }

    /**
     * Records why the current child is about to be stopped, for its exit record (the hook a health check uses
     * before it stops or restarts the process). Cleared by the next spawn.
     */
    void noteStopCause(ExitReason cause) {
        if (child != null) stopCause = cause;
    }

    /**
     * Stops a RUNNING process for {@code cause} and starts it again once it has stopped (max_memory).
     * @return an error message, or null
     */
    String restartFor(ExitReason cause) {
        if (state != ProcessState.RUNNING) return name() + " is not running";
        noteStopCause(cause);
        restartWhenStopped = true;
        return stop();
    }

    /** health_action=restart: stop, then start again once stopped. */
    void healthRestart() {
        restartFor(ExitReason.HEALTH_CHECK);
    }

    // ------------------------------------------------------------------ actions: stopping

    String terminate() {
        if (waitingFor != null && child == null) { // never spawned: nothing to kill
            waitingFor = null;
            changeState(ProcessState.STOPPED, true);
            return null;
        }
        return kill(spec.stopSignal(), spec.stopAsGroup());
    }

    /** STOPPING's deadline: stopwaitsecs are over. */
    String forceKill() {
        forcedKill = true;
        ctx.log().warn("killing '" + name() + "' (" + child.pid() + ") with SIGKILL");
        return kill(Signals.SIGKILL, spec.killAsGroup());
    }

    /** Stop in BACKOFF: no child to kill, no retry to wait for. */
    String abandon() {
        changeState(ProcessState.STOPPED, true);
        return null;
    }

    /** Stop in FATAL: nothing runs, but a hand stop must win over a pending fatal_retry_after restart. */
    String stopFatal() {
        if (deadline != null) ctx.log().info(name() + " will not be started again (stopped while FATAL)");
        killDeadline();
        return notRunning();
    }

    String notRunning() {
        return "attempted to kill " + name() + " with sig " + Signals.name(spec.stopSignal()) + " but it wasn't running";
    }

    private String kill(int signal, boolean asGroup) {
        if (child == null) {
            return "attempted to kill " + name() + " with sig " + Signals.name(signal) + " but it wasn't running";
        }
        ctx.log().debug("killing " + name() + " (pid " + child.pid() + ") " + (asGroup ? "process group " : "")
                + "with signal " + Signals.name(signal));
        changeState(ProcessState.STOPPING, true);
        schedule(spec.stopWaitSecs() * 1000L * MILLI);
        int rc = ctx.os().kill(asGroup ? -child.pid() : child.pid(), signal);
        if (rc == 0 || -rc == Errno.ESRCH) return null; // ESRCH: it died first; the exit is on its way
        String msg = "unknown problem killing " + name() + " (" + child.pid() + "):" + Errno.name(rc);
        ctx.log().critical(msg);
        changeState(ProcessState.UNKNOWN, true);
        return msg;
    }

    // ------------------------------------------------------------------ signals and stdin (no transition but UNKNOWN)

    /** @return an error message, or null */
    String signal(int signal) {
        if (child == null) {
            return "attempted to send " + name() + " sig " + Signals.name(signal) + " but it wasn't running";
        }
        ctx.log().debug("sending " + name() + " (pid " + child.pid() + ") sig " + Signals.name(signal));
        int rc = ctx.os().kill(child.pid(), signal);
        if (rc == 0 || -rc == Errno.ESRCH) return null;
        String msg = "unknown problem sending sig " + name() + " (" + child.pid() + "):" + Errno.name(rc);
        ctx.log().critical(msg);
        changeState(ProcessState.UNKNOWN, true);
        return msg;
    }

    /** Writes to the child's stdin pipe (non-blocking; what does not fit now is dropped with an error). */
    void sendStdin(String chars) {
        if (child == null || state == ProcessState.STOPPING) throw new SupervisorException(Fault.NOT_RUNNING, spec.namespec());
        byte[] bytes = chars.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes);
            long off = 0;
            while (off < bytes.length) {
                long n = Libc.write(stdin, buf.asSlice(off), bytes.length - off);
                if (n > 0) {
                    off += n;
                } else if (-n == Errno.EINTR) {
                    continue;
                } else if (-n == Errno.EAGAIN) {
                    throw new SupervisorException(Fault.FAILED, "stdin of " + spec.namespec() + " is full");
                } else {
                    throw new SupervisorException(Fault.NO_FILE, spec.namespec());
                }
            }
        }
    }

    /**
     * One non-blocking write to the child's stdin (event envelopes for a listener).
     * @return bytes written, or a negative errno ({@code -EPIPE} when there is no child to write to)
     */
    long writeStdin(byte[] bytes, int offset) {
        if (child == null || state == ProcessState.STOPPING || stdin < 0) return -Errno.EPIPE;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes);
            while (true) {
                long n = Libc.write(stdin, buf.asSlice(offset), bytes.length - offset);
                if (n != -Errno.EINTR) return n;
            }
        }
    }

    private void closeStdin() {
        if (stdin >= 0) Libc.close(stdin);
        stdin = -1;
    }

    // ------------------------------------------------------------------ waiting (startProcess/stopProcess wait=true)

    /** Completes when RUNNING; fails SPAWN_ERROR or ABNORMAL_TERMINATION as supervisord's {@code onwait}. */
    CompletableFuture<Void> awaitRunning(String namespec) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (spawnErr != null) f.completeExceptionally(new SupervisorException(Fault.SPAWN_ERROR, namespec));
                else if (state == ProcessState.RUNNING) f.complete(null);
                else if (state != ProcessState.STARTING) {
                    f.completeExceptionally(new SupervisorException(Fault.ABNORMAL_TERMINATION, namespec));
                }
                if (f.isDone()) watchers.remove(this);
            }
        };
        watchers.add(check);
        check.run();
        return f;
    }

    CompletableFuture<Void> awaitStopped() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (state.isStopped()) {
                    f.complete(null);
                    watchers.remove(this);
                }
            }
        };
        watchers.add(check);
        check.run();
        return f;
    }

    boolean hasSpawnError() { return spawnErr != null; }

    // ------------------------------------------------------------------ logs

    ChannelLog log(io.corridor.supervisor.LogChannel channel) {
        openLogs();
        return channel == io.corridor.supervisor.LogChannel.STDOUT ? stdoutLog : stderrLog;
    }

    /** Logs that exist (opened at least once), for reopen/clear/close. */
    List<ChannelLog> openedLogs() {
        List<ChannelLog> l = new ArrayList<>(2);
        if (stdoutLog != null) l.add(stdoutLog);
        if (stderrLog != null) l.add(stderrLog);
        return l;
    }

    // ------------------------------------------------------------------ info

    ProcessInfo info() {
        long now = ctx.clock().wallMillis() / 1000;
        String out = stdoutLog != null ? stdoutLog.pathName() : plannedPath(spec.stdout());
        String err = stderrLog != null ? stderrLog.pathName()
                : (spec.redirectStderr() ? null : plannedPath(spec.stderr()));
        return new ProcessInfo(spec.name(), spec.groupName(), description(now),
                lastStart / 1000, lastStop / 1000, now, state, spawnErr == null ? "" : spawnErr,
                exitStatus == null ? 0 : exitStatus, out == null ? "" : out,
                err == null ? "" : err, pid(), health.health().text);
    }

    /** supervisord's description, then what Corridor adds: what it waits for, health, the notify STATUS=. */
    private String description(long now) {
        String base = Descriptions.describe(state, pid(), lastStart / 1000, lastStop / 1000, now, spawnErr, spec.name());
        List<String> parts = new ArrayList<>(3);
        if (!base.isEmpty()) parts.add(base);
        if (state == ProcessState.STARTING && waitingFor != null) parts.add("waiting for " + String.join(", ", waitingFor));
        else if (state == ProcessState.STARTING && !(spec.readiness().readyCheck() instanceof ReadyCheck.StartSecs)) {
            parts.add("not ready yet" + (lastReadyFailure.isEmpty() ? "" : ": " + lastReadyFailure));
        }
        switch (health.health()) {
            case HEALTHY -> parts.add("healthy");
            case UNHEALTHY -> parts.add("unhealthy: " + health.lastFailure());
            case UNKNOWN -> {
                if (health.failures() > 0) parts.add("health failing " + health.failures() + "/"
                        + spec.readiness().health().retries() + ": " + health.lastFailure());
            }
            case NONE -> { }
        }
        if (!notifyStatus.isEmpty() && child != null) parts.add(notifyStatus);
        return String.join(", ", parts);
    }

    private static String plannedPath(LogSpec log) {
        return log != null && log.target() instanceof LogTarget.File f ? f.path().toString() : null;
    }

    // ------------------------------------------------------------------ internals

    private void changeState(ProcessState to, boolean expected) {
        changeState(to, expected, pid(), exitStatus == null ? 0 : exitStatus);
    }

    private void changeState(ProcessState to, boolean expected, int pid, int exit) {
        ProcessState from = state;
        if (from == to) return;
        state = to;
        killDeadline(); // a deadline means something in the state that set it only
        if (from == ProcessState.RUNNING) health.stop();
        ctx.stateChanged(this, new StateChange(spec.groupName(), spec.name(), from, to, pid,
                ctx.clock().wallMillis(), backoff, exit, expected));
        if (fcgiSocket != null) fcgiSocket.memberChanged();
        for (Runnable w : List.copyOf(watchers)) w.run();
    }

    /** Arms the deadline: TIMER in the current state after {@code delayNanos}. */
    private void schedule(long delayNanos) {
        killDeadline();
        Clock.Timer[] self = new Clock.Timer[1];
        self[0] = ctx.clock().after(delayNanos, () -> {
            if (deadline != self[0]) return;
            deadline = null;
            fire(Transitions.Event.TIMER);
        });
        deadline = self[0];
    }

    private void killDeadline() {
        if (deadline != null) deadline.cancel();
        deadline = null;
    }

    /** For removal: closes what the owner holds; the I/O side is closed through {@link #openedLogs()}. */
    void release() {
        killDeadline();
        health.stop();
        closeReadinessChannels(-1);
        closeStdin();
    }
}
