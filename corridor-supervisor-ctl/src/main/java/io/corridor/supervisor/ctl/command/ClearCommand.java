package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Namespec;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code clear <name>... | all}: deletes and reopens processes' log files. */
final class ClearCommand implements Command {

    @Override
    public String name() {
        return "clear";
    }

    @Override
    public List<String> help() {
        return List.of("clear <name>\t\tClear a process' log files.",
                "clear <name> <name>\tClear multiple process' log files",
                "clear all\t\tClear all process' log files");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Command.words(arg);
        if (names.isEmpty()) {
            ctl.console().error("Error: clear requires a process name");
            ctl.exitStatus(ExitStatus.GENERIC);
            printHelp(ctl);
            return false;
        }
        ctl.console().ensureList("results");
        if (names.contains("all")) {
            for (Map<String, Object> result : ctl.supervisor().callStructs("supervisor.clearAllProcessLogs")) {
                ActionResults.fromStruct(result, (g, n, code, d) -> ActionResults.clearResult(ctl, g, n, code, d));
            }
            return false;
        }
        for (String name : names) {
            Namespec spec = Namespec.parse(name);
            try {
                ctl.supervisor().call("supervisor.clearProcessLogs", name);
                ActionResults.clearResult(ctl, spec.group(), spec.process(), Fault.SUCCESS.code(), "OK");
            } catch (XmlRpcFault e) {
                ActionResults.clearResult(ctl, spec.group(), spec.process(), e.code(), e.faultString());
            }
        }
        return false;
    }
}
