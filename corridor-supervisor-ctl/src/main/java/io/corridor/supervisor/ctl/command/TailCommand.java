package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code tail [-f|-N] <name> [stdout|stderr]}. */
final class TailCommand implements Command {
    private static final int DEFAULT_BYTES = 1600;

    @Override
    public String name() {
        return "tail";
    }

    @Override
    public List<String> help() {
        return List.of("tail [-f] <name> [stdout|stderr] (default stdout)\n"
                + "Ex:\n"
                + "tail -f <name>\t\tContinuous tail of named process stdout\n"
                + "\t\t\tCtrl-C to exit.\n"
                + "tail -100 <name>\tlast 100 *bytes* of process stdout\n"
                + "tail <name> stderr\tlast 1600 *bytes* of process stderr");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> args = new ArrayList<>(Command.words(arg));
        if (args.isEmpty() || args.size() > 3) {
            ctl.console().error(args.isEmpty() ? "Error: too few arguments" : "Error: too many arguments");
            ctl.exitStatus(ExitStatus.GENERIC);
            printHelp(ctl);
            return false;
        }
        String modifier = args.get(0).startsWith("-") ? args.remove(0) : null;
        String name;
        String channel;
        if (args.size() == 1) {
            name = args.get(0);
            channel = "stdout";
        } else if (!args.isEmpty()) {
            name = args.get(0);
            channel = args.get(args.size() - 1).toLowerCase(Locale.ROOT);
            if (!channel.equals("stderr") && !channel.equals("stdout")) {
                ctl.console().error("Error: bad channel '" + channel + "'");
                ctl.exitStatus(ExitStatus.GENERIC);
                return false;
            }
        } else {
            ctl.console().error("Error: tail requires process name");
            ctl.exitStatus(ExitStatus.GENERIC);
            return false;
        }
        int bytes = DEFAULT_BYTES;
        if (modifier != null) {
            String what = modifier.substring(1);
            if (what.equals("f")) {
                LogFollower.follow(ctl, "/logtail/" + name + "/" + channel);
                return false;
            }
            Integer parsed = LogReading.parseByteCount(what);
            if (parsed == null) {
                ctl.console().error("Error: bad argument " + modifier);
                ctl.exitStatus(ExitStatus.GENERIC);
                return false;
            }
            bytes = parsed;
        }
        String method = channel.equals("stdout") ? "supervisor.readProcessStdoutLog" : "supervisor.readProcessStderrLog";
        try {
            String output = ctl.supervisor().callString(method, name, -bytes, 0);
            LogReading.print(ctl, name, channel, bytes, output);
        } catch (XmlRpcFault e) {
            ctl.exitStatus(ExitStatus.GENERIC);
            String error = switch (Fault.of(e.code())) {
                case NO_FILE -> "no log file";
                case FAILED -> "unknown error reading log";
                case BAD_NAME -> "no such process name";
                case null, default -> throw e;
            };
            ctl.console().error(name + ": ERROR (" + error + ")");
        }
        return false;
    }
}
