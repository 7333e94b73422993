package io.corridor.supervisor.server.xmlrpc;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One published method. {@code paramTypes} feed {@code system.methodSignature} and the arity check (a call with
 * fewer than {@code requiredParams} or more than {@code paramTypes.size()} parameters is INCORRECT_PARAMETERS).
 * Bodies that wait return a future that completes later; they never block the calling thread.
 */
public record RpcMethod(String name, String returnType, List<String> paramTypes, int requiredParams, Body body) {

    @FunctionalInterface
    public interface Body {
        /** @return a value or a future of one; throw {@link XmlRpcFault} or SupervisorException to refuse */
        Object call(RpcArgs args);
    }

    public boolean acceptsArity(int count) {
        return count >= requiredParams && count <= paramTypes.size();
    }

    CompletableFuture<Object> invoke(RpcArgs args) {
        Object result = body.call(args);
        if (result instanceof CompletableFuture<?> f) return f.thenApply(v -> v);
        return CompletableFuture.completedFuture(result);
    }
}
