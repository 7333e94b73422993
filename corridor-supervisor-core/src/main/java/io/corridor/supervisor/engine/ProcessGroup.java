package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.ProcessSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An active process group. Owner thread only. */
final class ProcessGroup {
    /** supervisord sorts processes by priority (stable, so ties keep config order); we break ties by name. */
    static final Comparator<ManagedProcess> BY_PRIORITY =
            Comparator.comparingInt((ManagedProcess p) -> p.spec().priority()).thenComparing(ManagedProcess::name);
    static final Comparator<ProcessGroup> GROUP_ORDER =
            Comparator.comparingInt((ProcessGroup g) -> g.spec().priority()).thenComparing(g -> g.spec().name());

    private final GroupSpec spec;
    private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
    private ListenerPool pool;   // set for an [eventlistener:x] pool

    private final FcgiPoolSocket fcgiSocket;   // set for an [fcgi-program:x] pool

    ProcessGroup(GroupSpec spec, ProcessContext ctx) {
        this.spec = spec;
        for (ProcessSpec p : spec.processes()) processes.put(p.name(), new ManagedProcess(p, ctx));
        fcgiSocket = spec.fcgiSocket().map(s -> new FcgiPoolSocket(s, ctx.log())).orElse(null);
        if (fcgiSocket != null) {
            for (ManagedProcess p : processes.values()) {
                fcgiSocket.add(p);
                p.fcgiSocket(fcgiSocket);
            }
        }
    }

    /** The group goes away: its FastCGI socket, if any, is closed. */
    void closeSocket() {
        if (fcgiSocket != null) fcgiSocket.close();
    }

    GroupSpec spec() { return spec; }

    String name() { return spec.name(); }

    ListenerPool pool() { return pool; }

    void pool(ListenerPool pool) { this.pool = pool; }

    ManagedProcess process(String name) { return processes.get(name); }

    /** In start order: ascending priority. */
    List<ManagedProcess> byPriority() {
        List<ManagedProcess> l = new ArrayList<>(processes.values());
        l.sort(BY_PRIORITY);
        return l;
    }

    List<ManagedProcess> unstopped() {
        return processes.values().stream().filter(p -> !p.state().isStopped()).toList();
    }

    /**
     * supervisord's {@code stop_all}: descending priority; RUNNING/STARTING are stopped, BACKOFF gives up. A process
     * {@code mayStopNow} holds back (its dependents are still stopping) is left for a later call.
     */
    void stopAll(java.util.function.Predicate<ManagedProcess> mayStopNow) {
        List<ManagedProcess> l = byPriority();
        for (ManagedProcess p : l.reversed()) {
            ProcessState s = p.state();
            if ((s == ProcessState.RUNNING || s == ProcessState.STARTING) && !mayStopNow.test(p)) continue;
            if (s == ProcessState.RUNNING || s == ProcessState.STARTING) p.stop();
            else if (s == ProcessState.BACKOFF) p.giveUp();
        }
    }
}
