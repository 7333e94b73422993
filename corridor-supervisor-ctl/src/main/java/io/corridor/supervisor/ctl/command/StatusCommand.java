package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
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
        Optional<List<Map<String, Object>>> fromRest = ctl.console().json() ? Optional.empty()
                : ctl.supervisor().processStatusFromRest();
        if (fromRest.isEmpty() && !ctl.upcheck()) {
            ctl.exitStatus(ExitStatus.STATUS_UNKNOWN);
            return false;
        }
        List<Map<String, Object>> all = fromRest.isPresent() ? fromRest.get()
                : ctl.supervisor().callStructs("supervisor.getAllProcessInfo");
        List<String> names = Command.words(arg);
        List<Map<String, Object>> matching;
        if (names.isEmpty() || names.contains("all")) {
            matching = all;
        } else {
            matching = new ArrayList<>();
            for (String name : names) {
                Namespec spec = Namespec.parse(name);
                boolean found = false;
                for (Map<String, Object> info : all) {
                    if (info.get("group").equals(spec.group())
                            && (spec.process() == null || info.get("name").equals(spec.process()))) {
                        found = true;
                        matching.add(info);
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
        show(ctl, matching);
        for (Map<String, Object> info : matching) {
            if (ProcessStates.isStopped((Integer) info.get("state"))) {
                ctl.exitStatus(ExitStatus.STATUS_NOT_RUNNING);
            }
        }
        return false;
    }

    private static void show(Controller ctl, List<Map<String, Object>> infos) {
        int width = 30;
        List<String> namespecs = new ArrayList<>(infos.size());
        for (Map<String, Object> info : infos) {
            String namespec = Namespec.of(info);
            namespecs.add(namespec);
            width = Math.max(width, namespec.codePointCount(0, namespec.length()));
        }
        ctl.console().ensureList("processes");
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < infos.size(); i++) {
            Map<String, Object> info = infos.get(i);
            if (ctl.console().json()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("namespec", namespecs.get(i));
                entry.putAll(info);
                ctl.console().add("processes", entry);
                continue;
            }
            line.setLength(0);
            Text.padRight(line, namespecs.get(i), width + 3);
            Text.padRight(line, String.valueOf(info.get("statename")), 10);
            line.append(info.get("description"));
            ctl.console().line(line.toString());
            if (ctl.console().broken()) {
                return;
            }
        }
    }
}
