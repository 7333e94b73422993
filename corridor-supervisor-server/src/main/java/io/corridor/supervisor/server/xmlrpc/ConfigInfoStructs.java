package io.corridor.supervisor.server.xmlrpc;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.LogSpec;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.os.Users;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code getAllConfigInfo}: one struct per configured process, supervisord's fields and value conventions. The answer
 * only changes with the configuration last read and with which processes exist (groups in use, AUTO log files named),
 * so the encoded answer is kept and served again while those are the same: encoding a thousand structs is the
 * largest part of its cost (docs/benchmarks.md). Held softly: the collector may drop it, then it is built again.
 */
final class ConfigInfoStructs {
    /** What the answer depends on: the groups read, and for each process its namespec, group and log files. */
    private record Inputs(List<GroupSpec> groups, List<String> live) {
        boolean sameAs(Inputs other) {
            return other != null && (groups == other.groups || groups.equals(other.groups)) && live.equals(other.live);
        }
    }

    private record Kept(Inputs inputs, XmlRpcWriter.Encoded answer) {}

    private final Supervisor supervisor;
    private SoftReference<Kept> kept = new SoftReference<>(null);   // guarded by this

    ConfigInfoStructs(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** Completes once the engine has taken the process snapshot that tells which groups are in use. */
    CompletableFuture<Object> all() {
        return supervisor.processesAsync().thenApply(processes -> answer(supervisor.pendingConfig(), processes));
    }

    private synchronized XmlRpcWriter.Encoded answer(SupervisorConfig pending, List<ProcessInfo> processes) {
        Inputs inputs = new Inputs(pending.groups(), live(processes));
        Kept k = kept.get();
        if (k != null && inputs.sameAs(k.inputs())) return k.answer();
        XmlRpcWriter.Encoded answer = XmlRpcWriter.encode(all(pending, processes));
        kept = new SoftReference<>(new Kept(inputs, answer));
        return answer;
    }

    private static List<String> live(List<ProcessInfo> processes) {
        List<String> live = new ArrayList<>(processes.size() * 4);
        for (ProcessInfo p : processes) {
            live.add(p.group());
            live.add(p.name());
            live.add(p.stdoutLogfile());
            live.add(p.stderrLogfile());
        }
        return live;
    }

    static List<Object> all(SupervisorConfig pending, List<ProcessInfo> processes) {
        Map<String, ProcessInfo> running = processes.stream()
                .collect(Collectors.toMap(ProcessInfo::namespec, Function.identity(), (a, b) -> a));
        Set<String> groupsInUse = running.values().stream().map(ProcessInfo::group).collect(Collectors.toSet());
        List<Map<String, Object>> out = new ArrayList<>();
        for (GroupSpec group : pending.groups()) {
            boolean inUse = groupsInUse.contains(group.name());
            for (ProcessSpec spec : group.processes()) {
                out.add(struct(group, spec, inUse, running.get(spec.namespec())));
            }
        }
        out.sort(Comparator.comparing(m -> (String) m.get("name")));
        return List.copyOf(out);
    }

    private static Map<String, Object> struct(GroupSpec group, ProcessSpec spec, boolean inUse, ProcessInfo live) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autostart", spec.autostart());
        m.put("autorestart", spec.autoRestart() == AutoRestart.UNEXPECTED ? (Object) "unexpected"
                : spec.autoRestart() == AutoRestart.TRUE);
        m.put("directory", spec.directory().orElse("none"));
        m.put("uid", spec.user().<Object>map(u -> Users.lookup(u).<Object>map(i -> i.uid()).orElse(u)).orElse("none"));
        m.put("command", spec.command());
        m.put("exitcodes", spec.exitCodes().stream().sorted().toList());
        m.put("group", group.name());
        m.put("group_prio", group.priority());
        m.put("inuse", inUse);
        m.put("killasgroup", spec.killAsGroup());
        m.put("name", spec.name());
        m.put("process_prio", spec.priority());
        m.put("redirect_stderr", spec.redirectStderr());
        m.put("startretries", spec.startRetries());
        m.put("startsecs", spec.startSecs());
        channel(m, "stdout", spec.stdout(), live == null ? null : live.stdoutLogfile());
        m.put("stopsignal", spec.stopSignal());
        m.put("stopwaitsecs", spec.stopWaitSecs());
        channel(m, "stderr", spec.stderr(), live == null ? null : live.stderrLogfile());
        // supervisord turns serverurl=AUTO into None before reporting it
        m.put("serverurl", spec.serverUrl() == null || spec.serverUrl().equalsIgnoreCase("AUTO") ? "none" : spec.serverUrl());
        return m;
    }

    private static void channel(Map<String, Object> m, String prefix, LogSpec log, String liveFile) {
        m.put(prefix + "_capture_maxbytes", log.captureMaxBytes());
        m.put(prefix + "_events_enabled", log.eventsEnabled());
        m.put(prefix + "_logfile", switch (log.target()) {
            case LogTarget.None n -> "none";
            case LogTarget.Syslog s -> "syslog";
            // a running AUTO log has a real name; supervisord reports it once the process object exists
            case LogTarget.Auto a -> liveFile == null || liveFile.isEmpty() ? "auto" : liveFile;
            case LogTarget.File f -> f.path().toString();
        });
        m.put(prefix + "_logfile_backups", log.backups());
        m.put(prefix + "_logfile_maxbytes", log.maxBytes());
        m.put(prefix + "_syslog", log.syslog());
    }
}
