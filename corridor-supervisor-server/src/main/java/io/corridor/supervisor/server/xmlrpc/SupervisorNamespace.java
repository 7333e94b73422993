package io.corridor.supervisor.server.xmlrpc;

import io.corridor.supervisor.ActionResult;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.Futures;
import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.Namespec;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.SupervisorState;
import io.corridor.supervisor.TailResult;
import io.corridor.supervisor.Version;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.ProcessSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * supervisord's {@code supervisor.*} namespace mapped onto {@link Supervisor}. Only the wire shapes live here
 * (struct field names, int vs string vs boolean); which fault applies when is the engine's decision.
 */
public final class SupervisorNamespace {
    private final Supervisor supervisor;
    private final List<RpcMethod> methods = new ArrayList<>();
    private final ConfigInfoStructs configInfo;

    public SupervisorNamespace(Supervisor supervisor) {
        this.supervisor = supervisor;
        this.configInfo = new ConfigInfoStructs(supervisor);
        define("getAPIVersion", "string", 0, a -> Version.API_VERSION);
        define("getVersion", "string", 0, a -> Version.API_VERSION);
        define("getSupervisorVersion", "string", 0, a -> supervisor.version());
        define("getIdentification", "string", 0, a -> supervisor.identification());
        define("getState", "struct", 0, a -> state());
        define("getPID", "int", 0, a -> supervisor.pid());
        define("readLog", "string", 2, a -> supervisor.readMainLogAsync(a.integer(0), a.integer(1)), "int", "int");
        define("readMainLog", "string", 2, a -> supervisor.readMainLogAsync(a.integer(0), a.integer(1)), "int", "int");
        define("clearLog", "boolean", 0, a -> supervisor.clearMainLogAsync().thenApply(v -> true));
        define("shutdown", "boolean", 0, a -> { supervisor.shutdown(); return true; });
        define("restart", "boolean", 0, a -> { supervisor.restart(); return true; });
        define("reloadConfig", "array", 0, a -> reloadConfig());
        define("addProcessGroup", "boolean", 1, a -> supervisor.addGroup(a.string(0)).thenApply(v -> true), "string");
        define("removeProcessGroup", "boolean", 1, a -> supervisor.removeGroup(a.string(0)).thenApply(v -> true), "string");
        define("startProcess", "boolean", 1, this::startProcess, "string", "boolean");
        define("startProcessGroup", "array", 1,
                a -> results(supervisor.startGroup(a.string(0), a.bool(1, true))), "string", "boolean");
        define("startAllProcesses", "array", 0, a -> results(supervisor.startAll(a.bool(0, true))), "boolean");
        define("stopProcess", "boolean", 1, this::stopProcess, "string", "boolean");
        define("stopProcessGroup", "array", 1,
                a -> results(supervisor.stopGroup(a.string(0), a.bool(1, true))), "string", "boolean");
        define("stopAllProcesses", "array", 0, a -> results(supervisor.stopAll(a.bool(0, true))), "boolean");
        define("signalProcess", "boolean", 2, this::signalProcess, "string", "string");
        define("signalProcessGroup", "array", 2,
                a -> results(supervisor.signalGroup(a.string(0), a.string(1))), "string", "string");
        define("signalAllProcesses", "array", 1, a -> results(supervisor.signalAll(a.string(0))), "string");
        // Everything that needs the engine's thread is answered when the engine has done it (the future
        // completes), never by waiting in the Netty thread: the methods below use only the async API.
        define("getAllConfigInfo", "array", 0, a -> configInfo.all());
        define("getProcessInfo", "struct", 1,
                a -> supervisor.processAsync(a.string(0)).thenApply(SupervisorNamespace::processInfo), "string");
        define("getAllProcessInfo", "array", 0, a -> supervisor.processesAsync()
                .thenApply(list -> list.stream().map(SupervisorNamespace::processInfo).toList()));
        for (LogChannel channel : LogChannel.values()) {
            String suffix = channel == LogChannel.STDOUT ? "Stdout" : "Stderr";
            RpcMethod.Body read = a -> supervisor.readProcessLogAsync(a.string(0), channel, a.integer(1), a.integer(2));
            RpcMethod.Body tail = a -> supervisor.tailProcessLogAsync(a.string(0), channel, a.integer(1), a.integer(2))
                    .thenApply(SupervisorNamespace::tail);
            define("readProcess" + suffix + "Log", "string", 3, read, "string", "int", "int");
            define("tailProcess" + suffix + "Log", "array", 3, tail, "string", "int", "int");
            if (channel == LogChannel.STDOUT) {
                define("readProcessLog", "string", 3, read, "string", "int", "int");
                define("tailProcessLog", "array", 3, tail, "string", "int", "int");
            }
        }
        RpcMethod.Body clear = a -> supervisor.clearProcessLogsAsync(a.string(0)).thenApply(v -> true);
        define("clearProcessLogs", "boolean", 1, clear, "string");
        define("clearProcessLog", "boolean", 1, clear, "string");
        define("clearAllProcessLogs", "array", 0, a -> clearAllProcessLogs());
        define("sendProcessStdin", "boolean", 2, this::sendProcessStdin, "string", "string");
        define("sendRemoteCommEvent", "boolean", 2,
                a -> supervisor.sendRemoteCommEvent(a.string(0), a.string(1)).thenApply(v -> true), "string", "string");
    }

    public List<RpcMethod> methods() { return List.copyOf(methods); }

    /** supervisord refuses every call but {@code sendRemoteCommEvent} once it is shutting down or reloading. */
    public void checkNotShuttingDown(String method) {
        if (method.equals("sendRemoteCommEvent")) return;
        SupervisorState s = supervisor.state();
        if (s == SupervisorState.SHUTDOWN || s == SupervisorState.RESTARTING) throw new XmlRpcFault(Fault.SHUTDOWN_STATE);
    }

    // ---------------------------------------------------------------- method bodies

    private Object startProcess(RpcArgs a) {
        String name = a.string(0);
        boolean wait = a.bool(1, true);
        Optional<String> group = groupWildcard(name);
        if (group.isPresent()) return results(supervisor.startGroup(group.get(), wait));
        return supervisor.startProcess(name, wait).thenApply(v -> true);
    }

    private Object stopProcess(RpcArgs a) {
        String name = a.string(0);
        boolean wait = a.bool(1, true);
        Optional<String> group = groupWildcard(name);
        if (group.isPresent()) return results(supervisor.stopGroup(group.get(), wait));
        return supervisor.stopProcess(name, wait).thenApply(v -> true);
    }

    private Object signalProcess(RpcArgs a) {
        String name = a.string(0);
        String signal = a.string(1);
        Optional<String> group = groupWildcard(name);
        if (group.isPresent()) return results(supervisor.signalGroup(group.get(), signal));
        return supervisor.signalProcess(name, signal).thenApply(v -> true);
    }

    private Object sendProcessStdin(RpcArgs a) {
        String name = a.string(0);
        if (!(a.values().get(1) instanceof String chars)) throw new XmlRpcFault(Fault.INCORRECT_PARAMETERS, "chars not a string");
        return supervisor.sendProcessStdinAsync(name, chars).thenApply(v -> true);
    }

    private Object reloadConfig() {
        return supervisor.rereadAsync()
                .thenApply(diff -> List.of(List.of(diff.added(), diff.changed(), diff.removed())));
    }

    /** One process after another, in supervisord's order; a refusal is that process's result, not the call's. */
    private Object clearAllProcessLogs() {
        return supervisor.processesAsync().thenCompose(processes -> {
            List<Object> out = new ArrayList<>();
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (ProcessInfo p : inPriorityOrder(processes)) {
                chain = chain.thenCompose(v -> supervisor.clearProcessLogsAsync(p.namespec()).handle((ok, e) -> {
                    Throwable cause = Futures.cause(e);
                    out.add(actionResult(cause instanceof SupervisorException se
                            ? new ActionResult(p.name(), p.group(), se.fault(), se.getMessage())
                            : e == null ? new ActionResult(p.name(), p.group(), Fault.SUCCESS, "OK")
                            : new ActionResult(p.name(), p.group(), Fault.FAILED, String.valueOf(cause))));
                    return null;
                }));
            }
            return chain.thenApply(v -> out);
        });
    }

    /**
     * supervisord clears in its start order (group priority, then process priority), not in getAllProcessInfo's
     * lexical order; supervisorctl prints the results in that order.
     */
    private List<ProcessInfo> inPriorityOrder(List<ProcessInfo> lexical) {
        Map<String, Integer> groupPriority = new HashMap<>();
        Map<String, Integer> processPriority = new HashMap<>();
        for (GroupSpec g : supervisor.config().groups()) {
            groupPriority.put(g.name(), g.priority());
            for (ProcessSpec p : g.processes()) processPriority.put(p.namespec(), p.priority());
        }
        List<ProcessInfo> sorted = new ArrayList<>(lexical);
        sorted.sort(Comparator.comparingInt((ProcessInfo p) -> groupPriority.getOrDefault(p.group(), 999))
                .thenComparing(ProcessInfo::group)
                .thenComparingInt(p -> processPriority.getOrDefault(p.namespec(), 999)));
        return sorted;
    }

    private Map<String, Object> state() {
        SupervisorState s = supervisor.state();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statecode", s.code());
        m.put("statename", s.name());
        return m;
    }

    // ---------------------------------------------------------------- wire shapes

    /** {@code g:*} and {@code g:} name the whole group in the single-process methods. */
    static Optional<String> groupWildcard(String name) {
        Namespec n = Namespec.parse(name);
        return n.wholeGroup() ? Optional.of(n.group()) : Optional.empty();
    }

    /** getProcessInfo's struct, fields in supervisord's order. */
    public static Map<String, Object> processInfo(ProcessInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("group", p.group());
        m.put("start", xmlrpcInt(p.start()));
        m.put("stop", xmlrpcInt(p.stop()));
        m.put("now", xmlrpcInt(p.now()));
        m.put("state", p.state().code());
        m.put("statename", p.state().name());
        m.put("spawnerr", p.spawnErr());
        m.put("exitstatus", p.exitStatus());
        m.put("logfile", p.stdoutLogfile());
        m.put("stdout_logfile", p.stdoutLogfile());
        m.put("stderr_logfile", p.stderrLogfile());
        m.put("pid", xmlrpcInt(p.pid()));
        m.put("description", p.description());
        return m;
    }

    static Map<String, Object> actionResult(ActionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("group", r.group());
        m.put("status", r.status().code());
        m.put("description", r.description());
        return m;
    }

    private static CompletableFuture<Object> results(CompletableFuture<List<ActionResult>> future) {
        return future.thenApply(list -> list.stream().map(SupervisorNamespace::actionResult).toList());
    }

    private static List<Object> tail(TailResult t) {
        return List.of(t.data(), xmlrpcInt(t.offset()), t.overflow());
    }

    /** XML-RPC ints are 32-bit; supervisord caps timestamps the same way (Y2038). */
    static int xmlrpcInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private void define(String name, String returnType, int required, RpcMethod.Body body, String... paramTypes) {
        methods.add(new RpcMethod("supervisor." + name, returnType, List.of(paramTypes), required, body));
    }
}
