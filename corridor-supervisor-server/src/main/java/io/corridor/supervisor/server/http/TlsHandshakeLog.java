package io.corridor.supervisor.server.http;

import io.corridor.supervisor.server.ServerLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Logs a refused TLS handshake (no or untrusted client certificate, an old protocol, plain HTTP on the TLS port)
 * with the peer and the reason, then leaves the pipeline: after a good handshake it has nothing more to do.
 */
final class TlsHandshakeLog extends ChannelInboundHandlerAdapter {
    private final ServerLog log;
    private final String serverName;

    TlsHandshakeLog(ServerLog log, String serverName) {
        this.log = log;
        this.serverName = serverName;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                Throwable cause = done.cause();
                while (cause.getCause() != null && cause.getMessage() == null) cause = cause.getCause();
                log.warn(serverName + ": TLS handshake from " + Router.peer(ctx) + " refused: " + cause.getMessage());
            }
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // the handshake failure is reported above, once; what follows it on this connection is noise
        ctx.close();
    }
}
