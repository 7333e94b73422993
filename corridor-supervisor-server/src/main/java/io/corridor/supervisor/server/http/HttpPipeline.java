package io.corridor.supervisor.server.http;

import io.corridor.supervisor.server.ServerLog;
import io.corridor.supervisor.server.ServerOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Assembles one connection's pipeline, top-down: (TCP with certfile) TLS, idle detection, (Unix socket) peer check,
 * HTTP codec, bounded aggregation (413 beyond the limit), then the {@link Router} and its endpoints.
 */
public final class HttpPipeline extends ChannelInitializer<Channel> {
    private final String serverName;
    private final boolean unixSocket;
    private final List<Endpoint> endpoints;
    private final AccessPolicy access;
    private final Optional<SslContext> tls;
    private final ServerOptions options;
    private final ServerLog log;
    private final RequestObserver observer;
    private final IntSupplier ourUid;

    public HttpPipeline(String serverName, boolean unixSocket, List<Endpoint> endpoints, AccessPolicy access,
                        Optional<SslContext> tls, ServerOptions options, ServerLog log, RequestObserver observer,
                        IntSupplier ourUid) {
        this.serverName = serverName;
        this.unixSocket = unixSocket;
        this.endpoints = List.copyOf(endpoints);
        this.access = access;
        this.tls = tls;
        this.options = options;
        this.log = log;
        this.observer = observer;
        this.ourUid = ourUid;
    }

    @Override
    protected void initChannel(Channel ch) {
        var p = ch.pipeline();
        if (tls.isPresent()) {
            p.addLast("tls", tls.get().newHandler(ch.alloc()));
            p.addLast("tls-log", new TlsHandshakeLog(log, serverName));
        }
        p.addLast("idle", new IdleStateHandler(options.requestTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast("idle-guard", new IdleConnectionGuard(log, serverName, options.requestTimeout(), options.keepAliveTimeout()));
        if (unixSocket && !options.allowAnyPeerUid()) p.addLast("peer", new PeerCredentialsCheck(log, ourUid.getAsInt()));
        p.addLast("http", new HttpServerCodec());
        p.addLast("aggregate", new LoggingAggregator(options.maxRequestBytes(), log, serverName));
        p.addLast("router", new Router(endpoints, access, log, observer, serverName));
    }

    /** The aggregator answers 413 by itself; this only adds the log line. */
    private static final class LoggingAggregator extends HttpObjectAggregator {
        private final ServerLog log;
        private final String serverName;

        LoggingAggregator(int max, ServerLog log, String serverName) {
            super(max);
            this.log = log;
            this.serverName = serverName;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
            log.warn(serverName + ": request body larger than " + maxContentLength() + " bytes refused (413)");
            super.handleOversizedMessage(ctx, oversized);
        }
    }
}
