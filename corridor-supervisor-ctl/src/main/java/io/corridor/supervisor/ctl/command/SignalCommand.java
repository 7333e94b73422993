package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Namespec;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.SupervisorClient;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code signal <SIG> <name>... | <group>:* | all}. */
final class SignalCommand implements Command {

    @Override
    public String name() {
        return "signal";
    }

    @Override
    public List<String> help() {
        return List.of("signal <signal name> <name>\t\tSignal a process",
                "signal <signal name> <gname>:*\t\tSignal all processes in a group",
                "signal <signal name> <name> <name>\tSignal multiple processes or groups",
                "signal <signal name> all\t\tSignal all processes");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> args = Command.words(arg);
        if (args.size() < 2) {
            ctl.console().error("Error: signal requires a signal name and a process name");
            printHelp(ctl);
            ctl.exitStatus(ExitStatus.GENERIC);
            return false;
        }
        String signal = args.get(0);
        List<String> names = args.subList(1, args.size());
        SupervisorClient supervisor = ctl.supervisor();
        ctl.console().ensureList("results");
        ActionResults.ResultSink sink = (g, n, code, d) ->
                ActionResults.signalResult(ctl, "signal", "signalled", g, n, code, d, -1);
        if (names.contains("all")) {
            for (Map<String, Object> result : supervisor.callStructs("supervisor.signalAllProcesses", signal)) {
                ActionResults.fromStruct(result, sink);
            }
            return false;
        }
        for (String name : names) {
            Namespec spec = Namespec.parse(name);
            if (spec.process() == null) {
                try {
                    for (Map<String, Object> result : supervisor.callStructs("supervisor.signalProcessGroup",
                            spec.group(), signal)) {
                        ActionResults.fromStruct(result, sink);
                    }
                } catch (XmlRpcFault e) {
                    if (e.code() != Fault.BAD_NAME.code()) {
                        throw e;
                    }
                    ctl.console().error(spec.group() + ": ERROR (no such group)");
                    ctl.exitStatus(ExitStatus.GENERIC);
                }
            } else {
                try {
                    supervisor.call("supervisor.signalProcess", name, signal);
                    sink.accept(spec.group(), spec.process(), Fault.SUCCESS.code(), "OK");
                } catch (XmlRpcFault e) {
                    sink.accept(spec.group(), spec.process(), e.code(), e.faultString());
                }
            }
        }
        return false;
    }
}
