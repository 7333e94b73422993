package io.corridor.supervisor.server.xmlrpc;

import io.corridor.supervisor.Futures;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.json.JsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves {@code namespace.method} names (exactly two parts, no leading underscore: supervisord's CVE-2017-11610
 * rule), checks arity, and runs the method. Every outcome is a future of a value; refusals complete it
 * exceptionally with {@link XmlRpcFault}. Also serves the {@code system.*} introspection methods and multicall.
 */
public final class XmlRpcDispatcher {
    private final Map<String, RpcMethod> methods = new TreeMap<>();
    private final SupervisorNamespace supervisorNamespace;

    public XmlRpcDispatcher(Supervisor supervisor) {
        this.supervisorNamespace = new SupervisorNamespace(supervisor);
        supervisorNamespace.methods().forEach(m -> methods.put(m.name(), m));
        CorridorNamespace.methods(supervisor).forEach(this::add);
        add(new RpcMethod("system.listMethods", "array", List.of(), 0, a -> List.copyOf(methods.keySet())));
        add(new RpcMethod("system.methodHelp", "string", List.of("string"), 1, a -> methodHelp(a.string(0))));
        add(new RpcMethod("system.methodSignature", "array", List.of("string"), 1, a -> methodSignature(a.string(0))));
        add(new RpcMethod("system.multicall", "array", List.of("array"), 1, a -> multicall(a.array(0))));
    }

    /** Never throws: faults, including ones thrown synchronously by the engine, arrive through the future. */
    public CompletableFuture<Object> call(String methodName, List<Object> params) {
        try {
            RpcMethod method = resolve(methodName);
            if (!method.acceptsArity(params.size())) throw new XmlRpcFault(Fault.INCORRECT_PARAMETERS);
            if (methodName.startsWith("supervisor.")) {
                supervisorNamespace.checkNotShuttingDown(methodName.substring("supervisor.".length()));
            }
            return method.invoke(new RpcArgs(params)).exceptionallyCompose(XmlRpcDispatcher::asFault);
        } catch (RuntimeException e) {
            return asFault(e);
        }
    }

    /** Maps engine refusals to faults; anything else stays an unexpected failure (HTTP 500 / FAILED). */
    private static CompletableFuture<Object> asFault(Throwable t) {
        Throwable cause = Futures.cause(t);
        if (cause instanceof SupervisorException se) return CompletableFuture.failedFuture(XmlRpcFault.of(se));
        return CompletableFuture.failedFuture(cause);
    }

    private RpcMethod resolve(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 2 || parts[1].startsWith("_")) throw new XmlRpcFault(Fault.UNKNOWN_METHOD);
        RpcMethod m = methods.get(name);
        if (m == null) throw new XmlRpcFault(Fault.UNKNOWN_METHOD);
        return m;
    }

    private String methodHelp(String name) {
        if (!methods.containsKey(name)) throw new XmlRpcFault(Fault.SIGNATURE_UNSUPPORTED);
        return Help.TEXTS.getOrDefault(name, "None");
    }

    private List<String> methodSignature(String name) {
        RpcMethod m = methods.get(name);
        if (m == null) throw new XmlRpcFault(Fault.SIGNATURE_UNSUPPORTED);
        List<String> sig = new ArrayList<>();
        sig.add(m.returnType());
        sig.addAll(m.paramTypes());
        return sig;
    }

    /**
     * Runs the calls one after another (a waiting call delays the next, as in supervisord) and answers the raw
     * values, not 1-element arrays: supervisord's quirk, kept because its clients expect it.
     */
    private CompletableFuture<Object> multicall(List<?> calls) {
        List<Object> results = new ArrayList<>(calls.size());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Object call : calls) {
            chain = chain.thenCompose(v -> one(call).thenAccept(results::add));
        }
        return chain.thenApply(v -> results);
    }

    private CompletableFuture<Object> one(Object call) {
        if (!(call instanceof Map<?, ?> struct)) {
            return CompletableFuture.completedFuture(XmlRpcWriter.faultStruct(Fault.FAILED.code(),
                    "FAILED: call is not a struct"));
        }
        Object name = struct.get("methodName");
        Object params = struct.containsKey("params") ? struct.get("params") : List.of();
        if (!(name instanceof String methodName)) {
            return completedFault(new XmlRpcFault(Fault.INCORRECT_PARAMETERS, "No methodName"));
        }
        if (methodName.equals("system.multicall")) {
            return completedFault(new XmlRpcFault(Fault.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden"));
        }
        if (!(params instanceof List<?> list)) return completedFault(new XmlRpcFault(Fault.INCORRECT_PARAMETERS));
        return call(methodName, new ArrayList<>(list)).handle((value, error) -> {
            if (error == null) return value;
            Throwable cause = Futures.cause(error);
            if (cause instanceof XmlRpcFault f) return XmlRpcWriter.faultStruct(f.code(), f.faultString());
            return XmlRpcWriter.faultStruct(Fault.FAILED.code(), "FAILED: " + cause);
        });
    }

    private static CompletableFuture<Object> completedFault(XmlRpcFault f) {
        return CompletableFuture.completedFuture(XmlRpcWriter.faultStruct(f.code(), f.faultString()));
    }

    private void add(RpcMethod m) {
        methods.put(m.name(), m);
    }

    /**
     * supervisord's docstrings (BSD-licensed, Supervisor 4.2.5), so methodHelp answers the same text. Read by the
     * first methodHelp call: the JSON reader is not worth loading for the calls every client makes.
     */
    private static final class Help {
        static final Map<String, String> TEXTS = load();

        private static Map<String, String> load() {
            try (InputStream in = XmlRpcDispatcher.class.getResourceAsStream("method-help.json")) {
                if (in == null) return Map.of();
                Map<String, String> texts = new HashMap<>();
                byte[] json = in.readAllBytes();
                if (JsonReader.read(json, json.length) instanceof Map<?, ?> m) m.forEach((k, v) -> texts.put((String) k, (String) v));
                return texts;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read method-help.json", e);
            }
        }
    }
}
