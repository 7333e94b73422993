package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.rpc.SupervisorClient;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;

/** The result of {@code supervisor.reloadConfig}: group names added, changed and removed. */
record ConfigChanges(List<String> added, List<String> changed, List<String> removed) {

    @SuppressWarnings("unchecked")
    static ConfigChanges reload(SupervisorClient supervisor) throws IOException, XmlRpcFault {
        List<Object> outer = (List<Object>) supervisor.call("supervisor.reloadConfig");
        List<Object> triple = (List<Object>) outer.get(0);
        return new ConfigChanges((List<String>) triple.get(0), (List<String>) triple.get(1),
                (List<String>) triple.get(2));
    }
}
