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

/**
 * What {@code start} and {@code stop} share: {@code all}, {@code group:*} and single names mapped to
 * supervisord's {@code xAllProcesses}, {@code xProcessGroup} and {@code xProcess}, every result (or fault) handed to
 * one sink. They differ only in the methods, the sink, and the exit status an unknown group sets (supervisorctl's
 * own inconsistency: 2 for start, 1 for stop).
 */
record ProcessAction(String allMethod, String groupMethod, String processMethod, int noSuchGroupStatus) {
    static final ProcessAction START = new ProcessAction("supervisor.startAllProcesses",
            "supervisor.startProcessGroup", "supervisor.startProcess", ExitStatus.INVALID_ARGS);
    static final ProcessAction STOP = new ProcessAction("supervisor.stopAllProcesses",
            "supervisor.stopProcessGroup", "supervisor.stopProcess", ExitStatus.GENERIC);

    void apply(Controller ctl, List<String> names, ActionResults.ResultSink sink) throws IOException, XmlRpcFault {
        SupervisorClient supervisor = ctl.supervisor();
        ctl.console().ensureList("results");
        if (names.contains("all")) {
            for (Map<String, Object> result : supervisor.callStructs(allMethod)) {
                ActionResults.fromStruct(result, sink);
            }
            return;
        }
        for (String name : names) {
            Namespec spec = Namespec.parse(name);
            if (spec.process() == null) {
                try {
                    for (Map<String, Object> result : supervisor.callStructs(groupMethod, spec.group())) {
                        ActionResults.fromStruct(result, sink);
                    }
                } catch (XmlRpcFault e) {
                    if (e.code() != Fault.BAD_NAME.code()) {
                        ctl.exitStatus(ExitStatus.GENERIC);
                        throw e;
                    }
                    ctl.console().error(spec.group() + ": ERROR (no such group)");
                    ctl.exitStatus(noSuchGroupStatus);
                }
            } else {
                try {
                    supervisor.call(processMethod, name);
                    sink.accept(spec.group(), spec.process(), Fault.SUCCESS.code(), "OK");
                } catch (XmlRpcFault e) {
                    sink.accept(spec.group(), spec.process(), e.code(), e.faultString());
                }
            }
        }
    }
}
