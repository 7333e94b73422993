package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;

/**
 * {@code logrotate [<name>...]}: rolls process logs over now (corridor's {@code corridor.rotateLogs}); no name, or
 * {@code all}, rolls over every process's logs and the supervisor's own.
 */
final class LogrotateCommand implements Command {

    @Override
    public String name() {
        return "logrotate";
    }

    @Override
    public boolean extension() {
        return true;
    }

    @Override
    public List<String> help() {
        return List.of("logrotate <name>\t\tRotate a process' log files now",
                "logrotate <gname>:*\t\tRotate the log files of every process in a group",
                "logrotate <name> <name>\tRotate multiple process' log files",
                "logrotate [all]\t\tRotate every process' log files and the main log");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Command.words(arg);
        ctl.console().ensureList("rotated");
        if (names.isEmpty() || names.contains("all")) {
            report(ctl, null, ctl.supervisor().call("corridor.rotateLogs"));
            return false;
        }
        for (String name : names) {
            try {
                report(ctl, name, ctl.supervisor().call("corridor.rotateLogs", List.of(name)));
            } catch (XmlRpcFault e) {
                ctl.console().error(name + ": ERROR (" + (e.code() == Fault.BAD_NAME.code() ? "no such process"
                        : e.faultString()) + ")");
                ctl.exitStatus(ExitStatus.GENERIC);
            }
        }
        return false;
    }

    private static void report(Controller ctl, String name, Object answer) {
        List<?> files = answer instanceof List<?> l ? l : List.of();
        String who = name == null ? "" : name + ": ";
        if (files.isEmpty()) ctl.console().line(who + "nothing to rotate (empty or not a regular file)");
        for (Object file : files) {
            ctl.console().line(who + "rotated " + file);
            ctl.console().add("rotated", file);
        }
    }
}
