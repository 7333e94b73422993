package io.corridor.supervisor.server.xmlrpc;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.Supervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * corridor's own XML-RPC methods, in a {@code corridor} namespace so that supervisord's {@code supervisor} one stays
 * exactly supervisord's (as a Supervisor {@code [rpcinterface:x]} extension would add its own namespace).
 */
final class CorridorNamespace {
    private CorridorNamespace() {
    }

    static List<RpcMethod> methods(Supervisor supervisor) {
        return List.of(new RpcMethod("corridor.rotateLogs", "array", List.of("array"), 0,
                a -> supervisor.rotateLogs(names(a)).thenApply(CorridorNamespace::paths)));
    }

    /** {@code rotateLogs([names])}: no argument or an empty array means every process and the main log. */
    private static List<String> names(RpcArgs a) {
        if (a.values().isEmpty()) return List.of();
        List<String> names = new ArrayList<>();
        for (Object name : a.array(0)) {
            if (!(name instanceof String s)) throw new XmlRpcFault(Fault.INCORRECT_PARAMETERS, "names must be strings");
            names.add(s);
        }
        return names;
    }

    private static List<String> paths(List<Path> rotated) {
        return rotated.stream().map(Path::toString).toList();
    }
}
