package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;

/** {@code open <url>}: switches to another server, then shows its status. */
final class OpenCommand implements Command {
    private final StatusCommand status = new StatusCommand();

    @Override
    public String name() {
        return "open";
    }

    @Override
    public List<String> help() {
        return List.of("open <url>\tConnect to a remote supervisord process.",
                "\t\t(for UNIX domain socket, use unix:///socket/path)");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!arg.startsWith("unix:") && !arg.startsWith("http:") && !arg.startsWith("https:")) {
            ctl.console().error("ERROR: url must be http:// or unix://");
            ctl.exitStatus(ExitStatus.GENERIC);
            return false;
        }
        ctl.serverUrl(arg);
        int before = ctl.exitStatus();
        status.run(ctl, "");
        ctl.exitStatus(before);
        return false;
    }
}
