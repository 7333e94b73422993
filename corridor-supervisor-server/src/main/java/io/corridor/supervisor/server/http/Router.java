package io.corridor.supervisor.server.http;

import io.corridor.supervisor.server.ServerLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The last handler of a connection: refuses what the peer or the credentials do not allow, then hands each request
 * to the endpoint that serves its path. One request per connection is in flight at a time; requests that arrive
 * meanwhile (pipelining) wait in order, so answers never overtake each other.
 */
public final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final List<Endpoint> endpoints;
    private final AccessPolicy access;
    private final ServerLog log;
    private final RequestObserver observer;
    private final String serverName;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    public Router(List<Endpoint> endpoints, Optional<Credentials> credentials, ServerLog log, RequestObserver observer,
                  String serverName) {
        this(endpoints, new AccessPolicy(credentials, List.of()), log, observer, serverName);
    }

    public Router(List<Endpoint> endpoints, AccessPolicy access, ServerLog log, RequestObserver observer,
                  String serverName) {
        super(false);   // requests are retained until served
        this.endpoints = endpoints;
        this.access = access;
        this.log = log;
        this.observer = observer;
        this.serverName = serverName;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        ConnectionState.of(ctx.channel()).requestReceived();
        if (busy) {
            waiting.add(request);
            return;
        }
        serve(ctx, request);
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        ConnectionState.of(ctx.channel()).busy(true);
        Endpoint endpoint = null;
        Exchange[] holder = new Exchange[1];
        try {
            String endpointName = "http";
            Exchange exchange = new Exchange(ctx, request, status -> ctx.executor().execute(() -> done(ctx, holder[0], status)));
            holder[0] = exchange;
            DecoderResult decoded = request.decoderResult();
            if (decoded.isFailure()) {
                log.warn(serverName + ": malformed HTTP request refused (400): " + decoded.cause().getMessage());
                exchange.respond(HttpErrors.closing(HttpResponseStatus.BAD_REQUEST));
                return;
            }
            if (ConnectionState.of(ctx.channel()).peerRefused()) {
                exchange.respond(HttpErrors.closing(HttpResponseStatus.FORBIDDEN));
                return;
            }
            if (access.decide(request, exchange.path()) instanceof AccessPolicy.Refused refused) {
                log.warn(serverName + ": " + request.method() + " " + exchange.path() + " from "
                        + peer(ctx) + " refused (" + refused.status() + "): " + refused.reason());
                FullHttpResponse r;
                if (refused.status() == 401) {
                    r = HttpErrors.closing(HttpResponseStatus.UNAUTHORIZED);
                    r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"default\"");
                } else {
                    r = HttpErrors.page(HttpResponseStatus.FORBIDDEN);
                }
                exchange.respond(r);
                return;
            }
            for (Endpoint e : endpoints) {
                if (e.handles(exchange.path())) {
                    endpoint = e;
                    break;
                }
            }
            if (endpoint == null) {
                log.warn(serverName + ": " + request.method() + " " + exchange.path() + " not found (404)");
                exchange.respond(HttpErrors.page(HttpResponseStatus.NOT_FOUND));
                return;
            }
            endpointName = endpoint.name();
            ConnectionState.of(ctx.channel()).endpoint(endpointName);
            endpoint.handle(exchange);
        } catch (RuntimeException e) {
            log.critical(serverName + ": handling " + request.method() + " " + request.uri() + " failed: " + e);
            if (holder[0] != null) holder[0].respond(HttpErrors.closing(HttpResponseStatus.INTERNAL_SERVER_ERROR));
        } finally {
            request.release();
        }
    }

    /** The peer for the log: its address on TCP; a Unix socket's peers are told apart by uid (checked earlier). */
    static String peer(ChannelHandlerContext ctx) {
        java.net.SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof java.net.InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return "a local socket peer";
    }

    /** Runs on the event loop once an answer has been written: count it and serve the next waiting request. */
    private void done(ChannelHandlerContext ctx, Exchange exchange, HttpResponseStatus status) {
        ConnectionState state = ConnectionState.of(ctx.channel());
        observer.completed(state.endpoint(), status.code() >= 400 || (exchange != null && exchange.failed()));
        state.endpoint("http");
        busy = false;
        state.busy(false);
        FullHttpRequest next = waiting.poll();
        if (next != null && ctx.channel().isActive()) serve(ctx, next);
        else if (next != null) next.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) r.release();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset peer, or a half-received request cut by our own timeout, is routine; anything else is worth one
        // line, never a stack trace
        if (!(cause instanceof java.io.IOException || cause instanceof PrematureChannelClosureException)) {
            log.warn(serverName + ": connection error: " + cause);
        }
        ctx.close();
    }
}
