package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;

/** {@code stop <name>... | <group>:* | all}. */
final class StopCommand implements Command {

    @Override
    public String name() {
        return "stop";
    }

    @Override
    public List<String> help() {
        return List.of("stop <name>\t\tStop a process",
                "stop <gname>:*\t\tStop all processes in a group",
                "stop <name> <name>\tStop multiple processes or groups",
                "stop all\t\tStop all processes");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Command.words(arg);
        if (names.isEmpty()) {
            ctl.console().error("Error: stop requires a process name");
            ctl.exitStatus(ExitStatus.GENERIC);
            printHelp(ctl);
            return false;
        }
        stop(ctl, names);
        return false;
    }

    static void stop(Controller ctl, List<String> names) throws IOException, XmlRpcFault {
        ProcessAction.STOP.apply(ctl, names, (g, n, code, d) ->
                ActionResults.signalResult(ctl, "stop", "stopped", g, n, code, d, Fault.NOT_RUNNING.code()));
    }
}
