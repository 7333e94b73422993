package io.corridor.supervisor.server.metrics;

import io.corridor.supervisor.server.http.Endpoint;
import io.corridor.supervisor.server.http.Exchange;
import io.corridor.supervisor.server.http.HttpErrors;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code GET /metrics}: the Prometheus text format. */
public final class MetricsEndpoint implements Endpoint {
    private final SupervisorMetrics metrics;

    public MetricsEndpoint(SupervisorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean handles(String path) { return path.equals("/metrics"); }

    @Override
    public String name() { return "metrics"; }

    @Override
    public void handle(Exchange exchange) {
        if (!exchange.request().method().equals(HttpMethod.GET)) {
            FullHttpResponse r = HttpErrors.page(HttpResponseStatus.METHOD_NOT_ALLOWED);
            r.headers().set(HttpHeaderNames.ALLOW, "GET");
            exchange.respond(r);
            return;
        }
        metrics.scrape().whenComplete((text, error) -> {
            if (error == null) {
                exchange.respond(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", text);
            } else {
                exchange.markFailed();
                exchange.respond(HttpErrors.page(HttpResponseStatus.SERVICE_UNAVAILABLE));
            }
        });
    }
}
