package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.SupervisorClient;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;
import java.util.Map;

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
        SupervisorClient supervisor = ctl.supervisor();
        ctl.console().ensureList("results");
        ActionResults.ResultSink sink = (g, n, code, d) ->
                ActionResults.signalResult(ctl, "stop", "stopped", g, n, code, d, XmlRpcFault.NOT_RUNNING);
        if (names.contains("all")) {
            for (Map<String, Object> result : supervisor.callStructs("supervisor.stopAllProcesses")) {
                ActionResults.fromStruct(result, sink);
            }
            return;
        }
        for (String name : names) {
            Namespec spec = Namespec.parse(name);
            if (spec.process() == null) {
                try {
                    for (Map<String, Object> result : supervisor.callStructs("supervisor.stopProcessGroup",
                            spec.group())) {
                        ActionResults.fromStruct(result, sink);
                    }
                } catch (XmlRpcFault e) {
                    ctl.exitStatus(ExitStatus.GENERIC);
                    if (e.code() != XmlRpcFault.BAD_NAME) {
                        throw e;
                    }
                    ctl.console().error(spec.group() + ": ERROR (no such group)");
                }
            } else {
                try {
                    supervisor.call("supervisor.stopProcess", name);
                    sink.accept(spec.group(), spec.process(), XmlRpcFault.SUCCESS, "OK");
                } catch (XmlRpcFault e) {
                    sink.accept(spec.group(), spec.process(), e.code(), e.faultString());
                }
            }
        }
    }
}
