package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.logging.MainLog;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@link ManagedProcess} on virtual time with made-up children: what the state-machine tests drive. Every state
 * change is recorded with its virtual time; the main log is kept in memory.
 */
final class VirtualProcess implements ProcessContext {
    record Change(long atMillis, StateChange change) {
        ProcessState to() { return change.to(); }
    }

    final VirtualTime time = new VirtualTime();
    final FakeOs os = new FakeOs();
    final List<Change> changes = new ArrayList<>();
    final ManagedProcess process;
    boolean spawningAllowed = true;
    List<String> unmet = List.of();
    /** Probes asked for and not answered yet: the test answers them. */
    final List<java.util.function.Consumer<String>> probes = new ArrayList<>();
    /** fd → what the I/O thread would hand its data to. */
    final Map<Integer, java.util.function.Consumer<byte[]>> inputs = new java.util.HashMap<>();
    private ChildHandle watched;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final MainLog log = new MainLog(LogTarget.NONE, 0, 0, LogLevel.DEBUG,
            new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    private final LaunchPlanner planner = new LaunchPlanner(Map.of("PATH", "/usr/bin:/bin"), null, 0);

    VirtualProcess(ProcessSpec spec) {
        this.process = new ManagedProcess(spec, this);
    }

    /** The current child exits with {@code code}, and the I/O thread reports it. */
    void exits(int code) {
        os.exit(process.pid(), code);
        process.exited(watched);
    }

    /** The current child is killed by {@code signal}, and the I/O thread reports it. */
    void killedBy(int signal) {
        os.killedBy(process.pid(), signal);
        process.exited(watched);
    }

    ChildHandle watched() { return watched; }

    ProcessState state() { return process.state(); }

    List<Long> timesOf(ProcessState to) {
        return changes.stream().filter(c -> c.to() == to).map(Change::atMillis).toList();
    }

    List<ProcessState> states() {
        return changes.stream().map(Change::to).toList();
    }

    String mainLog() { return logBytes.toString(StandardCharsets.UTF_8); }

    @Override public MainLog log() { return log; }
    @Override public Clock clock() { return time; }
    @Override public ProcessOs os() { return os; }
    @Override public void watch(ChildHandle child, ChannelLog stdout, ChannelLog stderr) { watched = child; }
    @Override public LaunchPlanner planner() { return planner; }
    @Override public boolean spawningAllowed() { return spawningAllowed; }
    @Override public boolean stripAnsi() { return false; }
    @Override public Path autoLogFile(String name, String channel) { return null; }

    @Override
    public Prober prober() {
        return (probe, env, dir, timeout, done) -> probes.add(done);
    }

    @Override public void watchInput(int fd, java.util.function.Consumer<byte[]> onData) { inputs.put(fd, onData); }
    @Override public void closeInput(int fd) { inputs.remove(fd); }
    @Override public Path notifySocketPath(ProcessSpec spec) { return Path.of("/nonexistent/notify.sock"); }
    @Override public List<String> unmetDependencies(ProcessSpec spec) { return unmet; }

    /** The child sends one datagram on its NOTIFY_SOCKET. */
    void notify(String message) {
        inputs.values().iterator().next().accept(message.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers the oldest pending probe: null = passed. */
    void answerProbe(String failure) {
        probes.removeFirst().accept(failure);
    }

    @Override
    public void stateChanged(ManagedProcess p, StateChange change) {
        changes.add(new Change(time.millis(), change));
    }
}
