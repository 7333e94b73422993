package io.corridor.supervisor.server.health;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.GroupSpec;
import io.corridor.supervisor.config.ProcessSpec;
import io.corridor.supervisor.server.http.Endpoint;
import io.corridor.supervisor.server.http.Exchange;
import io.corridor.supervisor.server.http.HttpErrors;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Probes for orchestrators (docs/operations.md, Kubernetes): {@code GET /healthz} answers 200 while the server
 * serves; {@code GET /readyz} answers 200 when every process of an {@code autostart=true} program is RUNNING (or,
 * with {@code ?programs=a,b:*,c:c_1}, every process of that set) and 503 otherwise. The answers carry counts only,
 * no names: the probes need no credentials, so they say nothing a stranger should learn.
 */
public final class HealthEndpoint implements Endpoint {
    public static final String HEALTHZ = "/healthz";
    public static final String READYZ = "/readyz";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Supervisor supervisor;

    public HealthEndpoint(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** The probe paths, which the router serves without credentials. */
    public static boolean isProbe(String path) {
        return path.equals(HEALTHZ) || path.equals(READYZ);
    }

    @Override
    public boolean handles(String path) {
        return isProbe(path);
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public void handle(Exchange exchange) {
        HttpMethod method = exchange.request().method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse r = HttpErrors.page(HttpResponseStatus.METHOD_NOT_ALLOWED);
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            exchange.respond(r);
            return;
        }
        if (exchange.path().equals(HEALTHZ)) {
            exchange.respond(HttpResponseStatus.OK, TEXT, "ok\n");
            return;
        }
        Set<String> wanted;
        String programs = exchange.queryParam("programs");
        if (programs != null) {
            wanted = new HashSet<>();
            for (String name : programs.split(",")) {
                if (!name.isBlank()) wanted.add(name.strip());
            }
        } else {
            wanted = null;
        }
        Set<String> expected = expected(wanted);
        if (wanted != null && !unknown(wanted).isEmpty()) {
            // not echoed: this path answers strangers, and which names exist is not theirs to learn
            exchange.respond(HttpResponseStatus.BAD_REQUEST, TEXT, "query parameter programs names an unknown"
                    + " program, group or process\n");
            return;
        }
        supervisor.processesAsync().whenComplete((processes, error) -> {
            if (error != null) {
                exchange.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "not ready: no process snapshot\n");
                return;
            }
            int ready = 0;
            for (ProcessInfo process : processes) {
                if (expected.contains(process.namespec()) && process.state() == ProcessState.RUNNING) ready++;
            }
            if (ready == expected.size()) {
                exchange.respond(HttpResponseStatus.OK, TEXT, "ready: " + ready + " of " + expected.size() + "\n");
            } else {
                exchange.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "not ready: " + ready + " of "
                        + expected.size() + " running\n");
            }
        });
    }

    /**
     * The namespecs that must be RUNNING: every autostart process, or those {@code wanted} names (a program or
     * group name, {@code group:*}, or one {@code group:process}).
     */
    private Set<String> expected(Set<String> wanted) {
        Set<String> expected = new HashSet<>();
        for (GroupSpec group : supervisor.config().groups()) {
            for (ProcessSpec process : group.processes()) {
                String namespec = group.name().equals(process.name()) ? process.name()
                        : group.name() + ":" + process.name();
                boolean chosen = wanted == null ? process.autostart()
                        : wanted.contains(group.name()) || wanted.contains(group.name() + ":*")
                        || wanted.contains(namespec) || wanted.contains(process.programName());
                if (chosen) expected.add(namespec);
            }
        }
        return expected;
    }

    private List<String> unknown(Set<String> wanted) {
        List<String> unknown = new ArrayList<>();
        for (String name : wanted) {
            if (expected(Set.of(name)).isEmpty()) unknown.add(name);
        }
        return unknown;
    }
}
