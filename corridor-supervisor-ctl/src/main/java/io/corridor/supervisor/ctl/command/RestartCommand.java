package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;

/** {@code restart <name>...}: every stop completes before any start, as supervisorctl. */
final class RestartCommand implements Command {
    private final StartCommand start = new StartCommand();
    private final StopCommand stop = new StopCommand();

    @Override
    public String name() {
        return "restart";
    }

    @Override
    public List<String> help() {
        return List.of("restart <name>\t\tRestart a process",
                "restart <gname>:*\tRestart all processes in a group",
                "restart <name> <name>\tRestart multiple processes or groups",
                "restart all\t\tRestart all processes",
                "Note: restart does not reread config files. For that, see reread and update.");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!ctl.upcheck()) {
            return false;
        }
        if (Command.words(arg).isEmpty()) {
            ctl.console().error("Error: restart requires a process name");
            ctl.exitStatus(ExitStatus.GENERIC);
            printHelp(ctl);
            return false;
        }
        stop.run(ctl, arg);
        start.run(ctl, arg);
        return false;
    }
}
