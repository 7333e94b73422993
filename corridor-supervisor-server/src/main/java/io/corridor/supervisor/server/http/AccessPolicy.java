package io.corridor.supervisor.server.http;

import io.corridor.supervisor.config.ServerAccess;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what on one server (docs/api.md, "Authentication and TLS"). Basic auth with the section's
 * {@code username}/{@code password} (what supervisorctl sends) grants everything; a Bearer token from
 * {@code tokens_file} grants its role: {@code read} may GET anything (REST reads, log tails, {@code /metrics}) and
 * call the XML-RPC methods that change nothing; {@code admin} may do everything. With neither configured the server is
 * open, as supervisord's. {@code /healthz} and {@code /readyz} need no credentials: orchestrators' probes carry none.
 */
public final class AccessPolicy {
    private static final Set<String> OPEN_PATHS = Set.of("/healthz", "/readyz");
    /** XML-RPC methods that only read. */
    private static final Set<String> READ_METHODS = Set.of(
            "supervisor.getAPIVersion", "supervisor.getVersion", "supervisor.getSupervisorVersion",
            "supervisor.getIdentification", "supervisor.getState", "supervisor.getPID", "supervisor.readLog",
            "supervisor.readMainLog", "supervisor.getProcessInfo", "supervisor.getAllProcessInfo",
            "supervisor.getAllConfigInfo", "supervisor.readProcessLog", "supervisor.readProcessStdoutLog",
            "supervisor.readProcessStderrLog", "supervisor.tailProcessLog", "supervisor.tailProcessStdoutLog",
            "supervisor.tailProcessStderrLog", "system.listMethods", "system.methodHelp", "system.methodSignature");

    private final Optional<Credentials> basic;
    private final List<ServerAccess.AccessToken> tokens;

    public AccessPolicy(Optional<Credentials> basic, List<ServerAccess.AccessToken> tokens) {
        this.basic = basic;
        this.tokens = List.copyOf(tokens);
    }

    /** No credentials of any kind: everyone may do everything. */
    public boolean open() {
        return basic.isEmpty() && tokens.isEmpty();
    }

    /** The outcome for one request. */
    public sealed interface Decision permits Granted, Refused {}

    /** @param who the token's name, the Basic user, or null on an open server or probe path */
    public record Granted(String who) implements Decision {}

    /** @param status 401 (who are you?) or 403 (not with that role) */
    public record Refused(int status, String reason) implements Decision {}

    public Decision decide(FullHttpRequest request, String path) {
        if (open() || OPEN_PATHS.contains(path)) return new Granted(null);
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null) return new Refused(401, "no credentials");
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length == 2 && parts[0].equalsIgnoreCase("Bearer")) {
            ServerAccess.AccessToken token = token(parts[1].strip());
            if (token == null) return new Refused(401, "unknown token");
            if (token.role() == ServerAccess.Role.ADMIN || readOnly(request, path)) return new Granted(token.name());
            return new Refused(403, "token '" + token.name() + "' has role read, which may not "
                    + what(request, path));
        }
        if (basic.isPresent() && basic.get().acceptsHeader(authorization)) return new Granted(basic.get().username());
        return new Refused(401, basic.isEmpty() && parts[0].equalsIgnoreCase("Basic")
                ? "Basic auth is not configured here (use a token)" : "wrong credentials");
    }

    private ServerAccess.AccessToken token(String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        ServerAccess.AccessToken found = null;
        for (ServerAccess.AccessToken token : tokens) {              // every token compared: no early exit
            if (MessageDigest.isEqual(token.secret().getBytes(StandardCharsets.UTF_8), bytes)) found = token;
        }
        return found;
    }

    private static boolean readOnly(FullHttpRequest request, String path) {
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) return true;
        return method.equals(HttpMethod.POST) && path.equals("/RPC2") && READ_METHODS.contains(rpcMethod(request));
    }

    private static String what(FullHttpRequest request, String path) {
        String rpc = path.equals("/RPC2") ? rpcMethod(request) : null;
        return rpc != null ? "call " + rpc : request.method() + " " + path;
    }

    /**
     * The {@code methodName} of an XML-RPC call, read from the raw body without parsing it: only compared with
     * {@link #READ_METHODS}, so a body that hides its name any other way is simply not a read.
     */
    static String rpcMethod(FullHttpRequest request) {
        String body = request.content().toString(StandardCharsets.UTF_8);
        int start = body.indexOf("<methodName>");
        int end = body.indexOf("</methodName>");
        if (start < 0 || end < start || body.indexOf("<methodName>", start + 1) >= 0) return null;
        return body.substring(start + "<methodName>".length(), end).strip();
    }
}
