package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;

/** {@code remove <group>...}: drops stopped groups from the running configuration. */
final class RemoveCommand implements Command {

    @Override
    public String name() {
        return "remove";
    }

    @Override
    public List<String> help() {
        return List.of("remove <name> [...]\tRemoves process/group from active config");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        ctl.console().ensureList("results");
        for (String name : Command.words(arg)) {
            try {
                ctl.supervisor().call("supervisor.removeProcessGroup", name);
                ctl.console().line(name + ": removed process group");
                AddCommand.result(ctl, name, true, "removed process group");
            } catch (XmlRpcFault e) {
                ctl.exitStatus(ExitStatus.GENERIC);
                switch (Fault.of(e.code())) {
                    case STILL_RUNNING -> ctl.console().error("ERROR: process/group still running: " + name);
                    case BAD_NAME -> ctl.console().error("ERROR: no such process/group: " + name);
                    case null, default -> throw e;
                }
            }
        }
        return false;
    }
}
