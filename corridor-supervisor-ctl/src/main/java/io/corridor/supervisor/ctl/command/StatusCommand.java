package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Namespec;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.ConnectionFailure;
import io.corridor.supervisor.ctl.rpc.ProcessStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code status [name|group:*|all ...]}. */
final class StatusCommand implements Command {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public List<String> help() {
        return List.of("status <name>\t\tGet status for a single process",
                "status <gname>:*\tGet status for all processes in a group",
                "status <name> <name>\tGet status for multiple named processes",
                "status\t\t\tGet all process status info");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        // --json shows every getAllProcessInfo field; the text needs only five, which corridor's REST API sends
        Optional<List<ProcessStatus>> fromRest;
        try {
            fromRest = ctl.console().json() ? Optional.empty() : ctl.supervisor().processStatusFromRest();
        } catch (ConnectionFailure e) {
            ctl.reportUnreachable(e);
            ctl.exitStatus(ExitStatus.STATUS_UNKNOWN);
            return false;
        }
        if (fromRest.isEmpty() && !ctl.upcheck()) {
            ctl.exitStatus(ExitStatus.STATUS_UNKNOWN);
            return false;
        }
        List<ProcessStatus> all = fromRest.isPresent() ? fromRest.get() : fromXmlRpc(ctl);
        List<String> names = Command.words(arg);
        List<ProcessStatus> matching;
        if (names.isEmpty() || names.contains("all")) {
            matching = all;
        } else {
            matching = new ArrayList<>();
            for (String name : names) {
                Namespec spec = Namespec.parse(name);
                boolean found = false;
                for (ProcessStatus status : all) {
                    if (status.group().equals(spec.group())
                            && (spec.process() == null || status.name().equals(spec.process()))) {
                        found = true;
                        matching.add(status);
                    }
                }
                if (!found) {
                    String message = spec.process() == null ? spec.group() + ": ERROR (no such group)"
                            : name + ": ERROR (no such process)";
                    ctl.console().error(message);
                    ctl.exitStatus(ExitStatus.STATUS_UNKNOWN);
                }
            }
        }
        // --json also carries corridor's own fields (health, stopped by hand, the tree's resources) when the server has them
        show(ctl, matching, ctl.console().json() ? ctl.supervisor().corridorFieldsFromRest() : Map.of());
        for (ProcessStatus status : matching) {
            if (ProcessStates.isStopped(status.state())) {
                ctl.exitStatus(ExitStatus.STATUS_NOT_RUNNING);
            }
        }
        return false;
    }

    private static List<ProcessStatus> fromXmlRpc(Controller ctl) throws IOException, XmlRpcFault {
        List<Map<String, Object>> infos = ctl.supervisor().callStructs("supervisor.getAllProcessInfo");
        List<ProcessStatus> statuses = new ArrayList<>(infos.size());
        for (Map<String, Object> info : infos) {
            statuses.add(ProcessStatus.of(info));
        }
        return statuses;
    }

    private static void show(Controller ctl, List<ProcessStatus> statuses, Map<String, Map<String, Object>> corridor) {
        int width = 30;
        List<String> namespecs = new ArrayList<>(statuses.size());
        for (ProcessStatus status : statuses) {
            String namespec = Namespec.of(status.group(), status.name());
            namespecs.add(namespec);
            width = Math.max(width, namespec.codePointCount(0, namespec.length()));
        }
        ctl.console().ensureList("processes");
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < statuses.size(); i++) {
            ProcessStatus status = statuses.get(i);
            if (ctl.console().json()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("namespec", namespecs.get(i));
                entry.putAll(status.info());
                entry.putAll(corridor.getOrDefault(namespecs.get(i), Map.of()));
                ctl.console().add("processes", entry);
                continue;
            }
            line.setLength(0);
            Text.padRight(line, namespecs.get(i), width + 3);
            Text.padRight(line, status.statename(), 10);
            line.append(status.description());
            ctl.console().line(line.toString());
            if (ctl.console().broken()) {
                return;
            }
        }
    }
}
