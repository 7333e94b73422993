package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.SupervisorClient;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code update [all | group...]}: reread, then stop/remove, restart and add groups as needed. */
final class UpdateCommand implements Command {

    @Override
    public String name() {
        return "update";
    }

    @Override
    public List<String> help() {
        return List.of("update\t\t\tReload config and add/remove as necessary, and will restart affected programs",
                "update all\t\tReload config and add/remove as necessary, and will restart affected programs",
                "update <gname> [...]\tUpdate specific groups");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        SupervisorClient supervisor = ctl.supervisor();
        ConfigChanges changes;
        try {
            changes = ConfigChanges.reload(supervisor);
        } catch (XmlRpcFault e) {
            ctl.exitStatus(ExitStatus.GENERIC);
            if (e.code() == Fault.SHUTDOWN_STATE.code()) {
                ctl.console().error("ERROR: already shutting down");
                return false;
            }
            throw e;
        }
        ctl.console().ensureList("results");
        Set<String> wanted = new LinkedHashSet<>(Command.words(arg));
        if (wanted.contains("all")) {
            wanted.clear();
        }
        if (!wanted.isEmpty()) {
            Set<String> groups = new HashSet<>(changes.added());
            for (Map<String, Object> info : supervisor.callStructs("supervisor.getAllProcessInfo")) {
                groups.add(String.valueOf(info.get("group")));
            }
            for (String group : pythonSetOrder(wanted)) {
                if (!groups.contains(group)) {
                    ctl.console().error("ERROR: no such group: " + group);
                    ctl.exitStatus(ExitStatus.GENERIC);
                }
            }
        }
        for (String group : changes.removed()) {
            if (!wanted.isEmpty() && !wanted.contains(group)) {
                continue;
            }
            List<Map<String, Object>> results = supervisor.callStructs("supervisor.stopProcessGroup", group);
            log(ctl, group, "stopped");
            boolean failed = results.stream().anyMatch(r -> Integer.valueOf(Fault.FAILED.code()).equals(r.get("status")));
            if (failed) {
                log(ctl, group, "has problems; not removing");
                ctl.exitStatus(ExitStatus.GENERIC);
                continue;
            }
            supervisor.call("supervisor.removeProcessGroup", group);
            log(ctl, group, "removed process group");
        }
        for (String group : changes.changed()) {
            if (!wanted.isEmpty() && !wanted.contains(group)) {
                continue;
            }
            supervisor.call("supervisor.stopProcessGroup", group);
            log(ctl, group, "stopped");
            supervisor.call("supervisor.removeProcessGroup", group);
            supervisor.call("supervisor.addProcessGroup", group);
            log(ctl, group, "updated process group");
        }
        for (String group : changes.added()) {
            if (!wanted.isEmpty() && !wanted.contains(group)) {
                continue;
            }
            supervisor.call("supervisor.addProcessGroup", group);
            log(ctl, group, "added process group");
        }
        return false;
    }

    /** Python iterates a set of strings in hash order; with one name (the usual case) order does not matter. */
    private static Iterable<String> pythonSetOrder(Set<String> names) {
        return names;
    }

    private static void log(Controller ctl, String group, String message) {
        ctl.console().line(group + ": " + message);
        if (ctl.console().json()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("group", group);
            entry.put("result", message);
            ctl.console().add("results", entry);
        }
    }
}
