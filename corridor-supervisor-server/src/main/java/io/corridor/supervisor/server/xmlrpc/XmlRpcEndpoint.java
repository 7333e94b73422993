package io.corridor.supervisor.server.xmlrpc;

import io.corridor.supervisor.Futures;
import io.corridor.supervisor.server.ServerLog;
import io.corridor.supervisor.server.http.Endpoint;
import io.corridor.supervisor.server.http.Exchange;
import io.corridor.supervisor.server.http.HttpErrors;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;


/**
 * {@code POST /RPC2...}: decode, dispatch, answer when the method's future completes (a waiting start answers after
 * startsecs without holding any thread). Undecodable bodies are 400 and unexpected failures 500, as in supervisord.
 */
public final class XmlRpcEndpoint implements Endpoint {
    private static final String CONTENT_TYPE = "text/xml";
    private final XmlRpcParser parser = new XmlRpcParser();
    private final XmlRpcDispatcher dispatcher;
    private final ServerLog log;

    public XmlRpcEndpoint(XmlRpcDispatcher dispatcher, ServerLog log) {
        this.dispatcher = dispatcher;
        this.log = log;
    }

    @Override
    public boolean handles(String path) { return path.startsWith("/RPC2"); }

    @Override
    public String name() { return "rpc"; }

    @Override
    public void handle(Exchange exchange) {
        if (!exchange.request().method().equals(HttpMethod.POST)) {
            log.warn("XML-RPC: " + exchange.request().method() + " " + exchange.path() + " refused (405)");
            FullHttpResponse r = HttpErrors.page(HttpResponseStatus.METHOD_NOT_ALLOWED);
            r.headers().set(HttpHeaderNames.ALLOW, "POST");
            exchange.respond(r);
            return;
        }
        XmlRpcCall call;
        try {
            call = parser.parse(exchange.body());
        } catch (MalformedRequestException e) {
            log.error("XML-RPC request data is invalid: " + e.getMessage());
            exchange.respond(HttpErrors.page(HttpResponseStatus.BAD_REQUEST));
            return;
        }
        dispatcher.call(call.methodName(), call.params()).whenComplete((value, error) -> {
            if (error == null) {
                answer(exchange, call, value);
                return;
            }
            Throwable cause = Futures.cause(error);
            if (cause instanceof XmlRpcFault f) {
                exchange.markFailed();
                exchange.respond(HttpResponseStatus.OK, CONTENT_TYPE, XmlRpcWriter.fault(f.code(), f.faultString()));
            } else {
                log.critical("Handling XML-RPC request " + call.methodName() + " raised an unexpected exception: " + cause);
                exchange.respond(HttpErrors.page(HttpResponseStatus.INTERNAL_SERVER_ERROR));
            }
        });
    }

    private void answer(Exchange exchange, XmlRpcCall call, Object value) {
        ByteBuf body = exchange.buffer();
        boolean encoded = false;
        try {
            XmlRpcWriter.response(body, value);
            encoded = true;
        } catch (RuntimeException e) {
            log.critical("XML-RPC method " + call.methodName() + " returned an unmarshallable value: " + e);
            exchange.respond(HttpErrors.page(HttpResponseStatus.INTERNAL_SERVER_ERROR));
        } finally {
            if (!encoded) body.release(); // also when an Error (direct memory exhausted) escapes the encoder
        }
        if (encoded) exchange.respond(HttpResponseStatus.OK, CONTENT_TYPE, body);
    }
}
