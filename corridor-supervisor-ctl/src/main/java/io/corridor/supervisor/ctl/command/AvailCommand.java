package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Namespec;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code avail}: every configured process, in use or not. */
final class AvailCommand implements Command {

    @Override
    public String name() {
        return "avail";
    }

    @Override
    public List<String> help() {
        return List.of("avail\t\t\tDisplay all configured processes");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!arg.isEmpty()) {
            ctl.console().error("Error: avail accepts no arguments");
            ctl.exitStatus(ExitStatus.GENERIC);
            printHelp(ctl);
            return false;
        }
        List<Map<String, Object>> configs;
        try {
            configs = ctl.supervisor().callStructs("supervisor.getAllConfigInfo");
        } catch (XmlRpcFault e) {
            ctl.exitStatus(ExitStatus.GENERIC);
            if (e.code() != Fault.SHUTDOWN_STATE.code()) {
                throw e;
            }
            ctl.console().error("ERROR: supervisor shutting down");
            return false;
        }
        ctl.console().ensureList("processes");
        StringBuilder line = new StringBuilder(80);
        for (Map<String, Object> config : configs) {
            String namespec = Namespec.of(String.valueOf(config.get("group")), String.valueOf(config.get("name")));
            boolean inUse = Boolean.TRUE.equals(config.get("inuse"));
            boolean autostart = Boolean.TRUE.equals(config.get("autostart"));
            String priority = config.get("group_prio") + ":" + config.get("process_prio");
            if (ctl.console().json()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("namespec", namespec);
                entry.put("group", config.get("group"));
                entry.put("name", config.get("name"));
                entry.put("inuse", inUse);
                entry.put("autostart", autostart);
                entry.put("group_priority", config.get("group_prio"));
                entry.put("process_priority", config.get("process_prio"));
                ctl.console().add("processes", entry);
                continue;
            }
            line.setLength(0);
            Text.padRight(line, namespec, 32).append(' ');
            Text.padRight(line, inUse ? "in use" : "avail", 9).append(' ');
            Text.padRight(line, autostart ? "auto" : "manual", 9).append(' ');
            ctl.console().line(line.append(priority).toString());
        }
        return false;
    }
}
