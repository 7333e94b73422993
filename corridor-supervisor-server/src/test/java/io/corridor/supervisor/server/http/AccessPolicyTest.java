package io.corridor.supervisor.server.http;

import io.corridor.supervisor.config.ServerAccess;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may do what: Basic (everything), Bearer tokens by role, open servers, probe paths. */
class AccessPolicyTest {
    private static final String READ = "read-token-0123456789";
    private static final String ADMIN = "admin-token-0123456789";
    private final AccessPolicy policy = new AccessPolicy(Optional.of(new Credentials("user", "pass")), List.of(
            new ServerAccess.AccessToken("grafana", ServerAccess.Role.READ, READ),
            new ServerAccess.AccessToken("ops", ServerAccess.Role.ADMIN, ADMIN)));

    @Test
    void basicAndAdminTokensMayDoEverything() {
        assertThat(policy.decide(rpc("supervisor.stopProcess", basic("user:pass")), "/RPC2"))
                .isEqualTo(new AccessPolicy.Granted("user"));
        assertThat(policy.decide(rpc("supervisor.stopProcess", "Bearer " + ADMIN), "/RPC2"))
                .isEqualTo(new AccessPolicy.Granted("ops"));
    }

    @Test
    void aReadTokenReadsButMayNotChange() {
        assertThat(policy.decide(rpc("supervisor.getAllProcessInfo", "Bearer " + READ), "/RPC2"))
                .isEqualTo(new AccessPolicy.Granted("grafana"));
        assertThat(policy.decide(request(HttpMethod.GET, "/metrics", "Bearer " + READ, ""), "/metrics"))
                .isInstanceOf(AccessPolicy.Granted.class);
        assertThat(policy.decide(rpc("supervisor.stopProcess", "Bearer " + READ), "/RPC2")).isEqualTo(
                new AccessPolicy.Refused(403, "token 'grafana' has role read, which may not call supervisor.stopProcess"));
        assertThat(policy.decide(request(HttpMethod.POST, "/api/v1/processes/web/stop", "Bearer " + READ, ""),
                "/api/v1/processes/web/stop")).isEqualTo(new AccessPolicy.Refused(403,
                "token 'grafana' has role read, which may not POST /api/v1/processes/web/stop"));
        // a multicall hides its methods behind system.multicall: not a read
        assertThat(policy.decide(rpc("system.multicall", "Bearer " + READ), "/RPC2"))
                .isInstanceOf(AccessPolicy.Refused.class);
    }

    @Test
    void refusalsSayWhy() {
        assertThat(policy.decide(rpc("supervisor.getState", null), "/RPC2"))
                .isEqualTo(new AccessPolicy.Refused(401, "no credentials"));
        assertThat(policy.decide(rpc("supervisor.getState", "Bearer nope-nope-nope-nope"), "/RPC2"))
                .isEqualTo(new AccessPolicy.Refused(401, "unknown token"));
        assertThat(policy.decide(rpc("supervisor.getState", basic("user:wrong")), "/RPC2"))
                .isEqualTo(new AccessPolicy.Refused(401, "wrong credentials"));
        AccessPolicy tokensOnly = new AccessPolicy(Optional.empty(), List.of(
                new ServerAccess.AccessToken("ops", ServerAccess.Role.ADMIN, ADMIN)));
        assertThat(tokensOnly.decide(rpc("supervisor.getState", basic("user:pass")), "/RPC2"))
                .isEqualTo(new AccessPolicy.Refused(401, "Basic auth is not configured here (use a token)"));
    }

    @Test
    void probesAndOpenServersNeedNoCredentials() {
        assertThat(policy.decide(request(HttpMethod.GET, "/readyz", null, ""), "/readyz"))
                .isEqualTo(new AccessPolicy.Granted(null));
        AccessPolicy open = new AccessPolicy(Optional.empty(), List.of());
        assertThat(open.open()).isTrue();
        assertThat(open.decide(rpc("supervisor.shutdown", null), "/RPC2")).isInstanceOf(AccessPolicy.Granted.class);
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpRequest rpc(String method, String authorization) {
        return request(HttpMethod.POST, "/RPC2", authorization,
                "<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName><params/></methodCall>");
    }

    private static FullHttpRequest request(HttpMethod method, String path, String authorization, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (authorization != null) request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        return request;
    }
}
