package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Namespec;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.SupervisorClient;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code pid [name... | all]}: supervisord's pid, or the children's (0 = not running, exit 7). */
final class PidCommand implements Command {

    @Override
    public String name() {
        return "pid";
    }

    @Override
    public List<String> help() {
        return List.of("pid\t\t\tGet the PID of supervisord.",
                "pid <name>\t\tGet the PID of a single child process by name.",
                "pid all\t\t\tGet the PID of every child process, one per line.");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        SupervisorClient supervisor = ctl.supervisor();
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Command.words(arg);
        if (names.isEmpty()) {
            Object pid = supervisor.call("supervisor.getPID");
            ctl.console().line(String.valueOf(pid));
            ctl.console().put("pid", pid);
        } else if (names.contains("all")) {
            ctl.console().ensureList("processes");
            for (Map<String, Object> info : supervisor.callStructs("supervisor.getAllProcessInfo")) {
                ctl.console().line(String.valueOf(info.get("pid")));
                record(ctl, Namespec.of(String.valueOf(info.get("group")), String.valueOf(info.get("name"))), info.get("pid"));
            }
        } else {
            ctl.console().ensureList("processes");
            for (String name : names) {
                try {
                    Object pid = supervisor.callStruct("supervisor.getProcessInfo", name).get("pid");
                    ctl.console().line(String.valueOf(pid));
                    record(ctl, name, pid);
                    if (pid instanceof Integer p && p == 0) {
                        ctl.exitStatus(ExitStatus.NOT_RUNNING);
                    }
                } catch (XmlRpcFault e) {
                    ctl.exitStatus(ExitStatus.GENERIC);
                    if (e.code() != Fault.BAD_NAME.code()) {
                        throw e;
                    }
                    ctl.console().error("No such process " + name);
                }
            }
        }
        return false;
    }

    private static void record(Controller ctl, String name, Object pid) {
        if (ctl.console().json()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("namespec", name);
            entry.put("pid", pid);
            ctl.console().add("processes", entry);
        }
    }
}
