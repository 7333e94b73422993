package io.corridor.supervisor.embed;

import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.config.SupervisordSettings;
import io.corridor.supervisor.engine.Engine;
import io.corridor.supervisor.logging.MainLog;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link Supervisor} for a validated configuration; nothing runs until {@link Supervisor#start()}. This is
 * the only class an embedder (or the server) needs besides the API package: the engine, the main log and the
 * orphan reaper stay behind it. It lives in its own package so that {@code io.corridor.supervisor} (the API) does
 * not depend on {@code engine} (which implements it).
 *
 * <pre>{@code
 * Supervisor s = SupervisorBuilder.of(config).echoMainLog(System.out).listener(seen::add).build();
 * }</pre>
 */
public final class SupervisorBuilder {
    private final SupervisorConfig config;
    private PrintStream echo;
    private MainLog mainLog;
    private boolean reapOrphans = ProcessHandle.current().pid() == 1;
    private Path stateFile;
    private final List<Consumer<StateChange>> listeners = new ArrayList<>();

    private SupervisorBuilder(SupervisorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public static SupervisorBuilder of(SupervisorConfig config) {
        return new SupervisorBuilder(config);
    }

    /**
     * Copies every main-log line to {@code out} as well as to {@code [supervisord] logfile} (the foreground
     * supervisord's console echo). Default: no copy.
     */
    public SupervisorBuilder echoMainLog(PrintStream out) {
        this.echo = out;
        return this;
    }

    /**
     * Writes the supervisor's activity to a log the caller owns (and closes) instead of opening
     * {@code [supervisord] logfile}.
     */
    public SupervisorBuilder mainLog(MainLog log) {
        this.mainLog = log;
        return this;
    }

    /**
     * Become a child subreaper and reap orphaned grandchildren, as supervisord's {@code waitpid(-1)} loop does.
     * Only for a JVM that starts no children of its own through {@code ProcessBuilder}. Default: on as PID 1 (a
     * container), where orphans are re-parented to us anyway.
     */
    public SupervisorBuilder reapOrphans(boolean reap) {
        this.reapOrphans = reap || ProcessHandle.current().pid() == 1;
        return this;
    }

    /**
     * Where the supervisor records its children (pid and start time) and the programs stopped by hand. The next
     * supervisor built with the same file stops what a killed one left running before it starts anything, and does
     * not autostart what was stopped by hand. Default: none (intent then survives reloads only).
     */
    public SupervisorBuilder stateFile(Path file) {
        this.stateFile = file;
        return this;
    }

    /** Receives every state transition from the first one on, on the notification thread. */
    public SupervisorBuilder listener(Consumer<StateChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * @throws UncheckedIOException when {@code [supervisord] logfile} cannot be opened (nothing else was created)
     */
    public Supervisor build() {
        boolean owned = mainLog == null;
        MainLog log = owned ? openMainLog() : mainLog;
        Supervisor supervisor = Engine.create(config, log, owned, reapOrphans, stateFile);
        listeners.forEach(supervisor::subscribe);
        return supervisor;
    }

    private MainLog openMainLog() {
        SupervisordSettings s = config.supervisord();
        return new MainLog(s.logfile(), s.logfileMaxBytes(), s.logfileBackups(), s.logLevel(), echo);
    }
}
