package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;

/** {@code start <name>... | <group>:* | all}. Blocks until the server reports each start done (startsecs). */
final class StartCommand implements Command {

    @Override
    public String name() {
        return "start";
    }

    @Override
    public List<String> help() {
        return List.of("start <name>\t\tStart a process",
                "start <gname>:*\t\tStart all processes in a group",
                "start <name> <name>\tStart multiple processes or groups",
                "start all\t\tStart all processes");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Command.words(arg);
        if (names.isEmpty()) {
            ctl.console().error("Error: start requires a process name");
            ctl.exitStatus(ExitStatus.INVALID_ARGS);
            printHelp(ctl);
            return false;
        }
        start(ctl, names);
        return false;
    }

    static void start(Controller ctl, List<String> names) throws IOException, XmlRpcFault {
        ProcessAction.START.apply(ctl, names, (g, n, code, d) -> ActionResults.startResult(ctl, g, n, code, d));
    }
}
