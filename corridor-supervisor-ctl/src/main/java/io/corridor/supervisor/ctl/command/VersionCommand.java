package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;

/** {@code version}: the server's version. */
final class VersionCommand implements Command {

    @Override
    public String name() {
        return "version";
    }

    @Override
    public List<String> help() {
        return List.of("version\t\t\tShow the version of the remote supervisord process");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!arg.isEmpty()) {
            ctl.console().error("Error: version accepts no arguments");
            ctl.exitStatus(ExitStatus.GENERIC);
            printHelp(ctl);
            return false;
        }
        if (!ctl.upcheck()) {
            return false;
        }
        String version = ctl.supervisor().callString("supervisor.getSupervisorVersion");
        ctl.console().line(version);
        ctl.console().put("version", version);
        ctl.console().put("api_version", "3.0");
        return false;
    }
}
