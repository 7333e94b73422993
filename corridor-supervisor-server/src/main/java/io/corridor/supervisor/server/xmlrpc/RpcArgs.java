package io.corridor.supervisor.server.xmlrpc;

import io.corridor.supervisor.Fault;

import java.util.List;
import java.util.Map;

/**
 * Positional parameters with typed accessors. A wrong type is INCORRECT_PARAMETERS, as a Python TypeError is in
 * supervisord; absent optional parameters take the given default.
 */
public record RpcArgs(List<Object> values) {

    public String string(int index) {
        Object v = get(index);
        if (v instanceof String s) return s;
        if (v instanceof Integer || v instanceof Boolean || v instanceof Double) return String.valueOf(v);
        throw incorrect();
    }

    public int integer(int index) {
        if (get(index) instanceof Integer i) return i;
        throw incorrect();
    }

    public boolean bool(int index, boolean absent) {
        if (index >= values.size()) return absent;
        return switch (values.get(index)) {
            case Boolean b -> b;
            case Integer i -> i != 0;
            default -> throw incorrect();
        };
    }

    public List<?> array(int index) {
        if (get(index) instanceof List<?> l) return l;
        throw incorrect();
    }

    public Map<?, ?> struct(int index) {
        if (get(index) instanceof Map<?, ?> m) return m;
        throw incorrect();
    }

    private Object get(int index) {
        if (index >= values.size()) throw incorrect();
        return values.get(index);
    }

    private static XmlRpcFault incorrect() {
        return new XmlRpcFault(Fault.INCORRECT_PARAMETERS);
    }
}
