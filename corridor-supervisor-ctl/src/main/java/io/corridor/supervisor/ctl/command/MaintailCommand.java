package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;

/** {@code maintail [-f|-N]}: supervisord's own log. */
final class MaintailCommand implements Command {

    @Override
    public String name() {
        return "maintail";
    }

    @Override
    public List<String> help() {
        return List.of("maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n"
                + "maintail -100\tlast 100 *bytes* of supervisord main log file\n"
                + "maintail\tlast 1600 *bytes* of supervisor main log file\n");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> args = Command.words(arg);
        int bytes = 1600;
        if (args.size() > 1) {
            ctl.console().error("Error: too many arguments");
            ctl.exitStatus(ExitStatus.GENERIC);
            printHelp(ctl);
            return false;
        } else if (args.size() == 1) {
            String only = args.get(0);
            Integer parsed = only.startsWith("-") ? LogReading.parseByteCount(only.substring(1)) : null;
            if (only.equals("-f")) {
                LogFollower.follow(ctl, "/mainlogtail");
                return false;
            }
            if (parsed == null) {
                ctl.console().error("Error: bad argument " + only);
                ctl.exitStatus(ExitStatus.GENERIC);
                return false;
            }
            bytes = parsed;
        }
        try {
            String output = ctl.supervisor().callString("supervisor.readLog", -bytes, 0);
            LogReading.print(ctl, "supervisord", "main", bytes, output);
        } catch (XmlRpcFault e) {
            ctl.exitStatus(ExitStatus.GENERIC);
            String error = switch (Fault.of(e.code())) {
                case NO_FILE -> "no log file";
                case FAILED -> "unknown error reading log";
                case null, default -> throw e;
            };
            ctl.console().error("supervisord: ERROR (" + error + ")");
        }
        return false;
    }
}
