package io.corridor.supervisor.server.rest;

import io.corridor.supervisor.ActionResult;
import io.corridor.supervisor.ConfigDiff;
import io.corridor.supervisor.ExitRecord;
import io.corridor.supervisor.ProcessUsage;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.SupervisorConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The JSON shapes of the REST API (documented in docs/api.md); field order is stable. */
final class JsonViews {
    private JsonViews() {}

    /** The fields of {@link #process}, in its order. */
    static final List<String> PROCESS_FIELDS = List.of("namespec", "name", "group", "state", "stateCode", "description",
            "pid", "start", "stop", "now", "exitStatus", "spawnError", "stdoutLogfile", "stderrLogfile", "health",
            "stoppedByHand", "treeProcesses", "treeRssBytes", "treeCpuSeconds", "maxMemory");
    /** The fields that need the trees measured. */
    static final List<String> USAGE_FIELDS = List.of("treeProcesses", "treeRssBytes", "treeCpuSeconds", "maxMemory");

    /** What the engine knows beside the snapshot: the trees' resources and the stops by hand (when asked for). */
    record Extras(List<ProcessUsage> usage, Map<String, Long> stoppedByHand, boolean withUsage, boolean withIntent) {
        static final Extras NONE = new Extras(List.of(), Map.of(), false, false);

        ProcessUsage of(String namespec) {
            for (ProcessUsage u : usage) if (u.namespec().equals(namespec)) return u;
            return null;
        }
    }

    static Map<String, Object> process(ProcessInfo p, Extras extras) {
        Map<String, Object> m = process(p);
        if (extras.withIntent()) m.put("stoppedByHand", extras.stoppedByHand().getOrDefault(p.namespec(), 0L) / 1000);
        if (extras.withUsage()) {
            ProcessUsage u = extras.of(p.namespec());
            m.put("treeProcesses", u == null ? 0 : u.processes());
            m.put("treeRssBytes", u == null ? 0 : u.rssBytes());
            m.put("treeCpuSeconds", u == null ? 0.0 : Math.round(u.cpuSeconds() * 100) / 100.0);
            m.put("maxMemory", u == null ? 0 : u.maxMemory());
        }
        return m;
    }

    /** One exit record: times in epoch seconds (ms precision), run time in seconds. */
    static Map<String, Object> exit(ExitRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", r.time() / 1000.0);
        m.put("runSeconds", r.runMillis() / 1000.0);
        m.put("pid", r.pid());
        m.put("exitCode", r.exitCode());
        m.put("signal", r.signal());
        m.put("coreDumped", r.coreDumped());
        m.put("reason", r.reason().label());
        m.put("description", r.description());
        m.put("lastOutput", r.lastOutput());
        return m;
    }

    /** Only the given fields of a view, in the view's order; all of them when {@code fields} is null. */
    static Map<String, Object> select(Map<String, Object> view, List<String> fields) {
        if (fields == null) return view;
        Map<String, Object> m = new LinkedHashMap<>();
        view.forEach((k, v) -> {
            if (fields.contains(k)) m.put(k, v);
        });
        return m;
    }

    /** The values of the given fields, in their order: a compact row for clients that ask for {@code rows=true}. */
    static List<Object> row(Map<String, Object> view, List<String> fields) {
        return fields.stream().map(view::get).toList();
    }

    static Map<String, Object> process(ProcessInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespec", p.namespec());
        m.put("name", p.name());
        m.put("group", p.group());
        m.put("state", p.state().name());
        m.put("stateCode", p.state().code());
        m.put("description", p.description());
        m.put("pid", p.pid());
        m.put("start", p.start());
        m.put("stop", p.stop());
        m.put("now", p.now());
        m.put("exitStatus", p.exitStatus());
        m.put("spawnError", p.spawnErr());
        m.put("stdoutLogfile", p.stdoutLogfile());
        m.put("stderrLogfile", p.stderrLogfile());
        m.put("health", p.health()); // health_check: "", unknown, healthy, unhealthy
        return m;
    }

    static Map<String, Object> result(ActionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespec", r.namespec());
        m.put("name", r.name());
        m.put("group", r.group());
        m.put("status", r.status().name());
        m.put("description", r.description());
        return m;
    }

    static Map<String, Object> diff(ConfigDiff d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("added", d.added());
        m.put("changed", d.changed());
        m.put("removed", d.removed());
        return m;
    }

    /** The groups in use (those with processes in the engine's snapshot), in configuration order. */
    static List<Map<String, Object>> groups(SupervisorConfig config, List<ProcessInfo> processes) {
        Set<String> inUse = processes.stream().map(ProcessInfo::group).collect(Collectors.toSet());
        return config.groups().stream().filter(g -> inUse.contains(g.name())).map(g -> group(g, processes)).toList();
    }

    private static Map<String, Object> group(GroupSpec g, List<ProcessInfo> processes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        m.put("priority", g.priority());
        m.put("processes", processes.stream().filter(p -> p.group().equals(g.name())).map(JsonViews::process).toList());
        return m;
    }

    static Map<String, Object> supervisor(Supervisor s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state().name());
        m.put("stateCode", s.state().code());
        m.put("pid", s.pid());
        m.put("version", s.version());
        m.put("apiVersion", io.corridor.supervisor.Version.API_VERSION);
        m.put("identification", s.identification());
        return m;
    }

    static Map<String, Object> error(String error, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("message", message);
        return m;
    }
}
