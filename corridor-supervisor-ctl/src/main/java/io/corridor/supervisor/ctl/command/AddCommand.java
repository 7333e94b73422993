package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code add <group>...}: activates groups that {@code reread} found. */
final class AddCommand implements Command {

    @Override
    public String name() {
        return "add";
    }

    @Override
    public List<String> help() {
        return List.of("add <name> [...]\tActivates any updates in config for process/group");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        ctl.console().ensureList("results");
        for (String name : Command.words(arg)) {
            try {
                ctl.supervisor().call("supervisor.addProcessGroup", name);
                ctl.console().line(name + ": added process group");
                result(ctl, name, true, "added process group");
            } catch (XmlRpcFault e) {
                switch (Fault.of(e.code())) {
                    case SHUTDOWN_STATE -> {
                        ctl.console().error("ERROR: shutting down");
                        ctl.exitStatus(ExitStatus.GENERIC);
                    }
                    case ALREADY_ADDED -> {
                        ctl.console().line("ERROR: process group already active");
                        result(ctl, name, false, "process group already active");
                    }
                    case BAD_NAME -> {
                        ctl.console().error("ERROR: no such process/group: " + name);
                        ctl.exitStatus(ExitStatus.GENERIC);
                    }
                    case null, default -> {
                        ctl.exitStatus(ExitStatus.GENERIC);
                        throw e;
                    }
                }
            }
        }
        return false;
    }

    static void result(Controller ctl, String group, boolean ok, String message) {
        if (ctl.console().json()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("group", group);
            entry.put("ok", ok);
            entry.put("result", message);
            ctl.console().add("results", entry);
        }
    }
}
