package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code reread}: asks the server to re-parse its config and shows what would change. */
final class RereadCommand implements Command {

    @Override
    public String name() {
        return "reread";
    }

    @Override
    public List<String> help() {
        return List.of("reread \t\t\tReload the daemon's configuration files without add/remove");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!arg.isEmpty()) {
            ctl.console().error("Error: reread accepts no arguments");
            ctl.exitStatus(ExitStatus.GENERIC);
            printHelp(ctl);
            return false;
        }
        ConfigChanges changes;
        try {
            changes = ConfigChanges.reload(ctl.supervisor());
        } catch (XmlRpcFault e) {
            ctl.exitStatus(ExitStatus.GENERIC);
            switch (Fault.of(e.code())) {
                case SHUTDOWN_STATE -> ctl.console().error("ERROR: supervisor shutting down");
                case CANT_REREAD -> ctl.console().error("ERROR: " + e.faultString());
                case null, default -> throw e;
            }
            return false;
        }
        ctl.console().put("added", changes.added());
        ctl.console().put("changed", changes.changed());
        ctl.console().put("removed", changes.removed());
        Map<String, String> lines = new TreeMap<>();
        changes.added().forEach(name -> lines.put(name, "available"));
        changes.changed().forEach(name -> lines.put(name, "changed"));
        changes.removed().forEach(name -> lines.put(name, "disappeared"));
        if (lines.isEmpty()) {
            ctl.console().line("No config updates to processes");
        }
        lines.forEach((name, what) -> ctl.console().line(name + ": " + what));
        return false;
    }
}
