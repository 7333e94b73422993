package io.corridor.supervisor.server.http;

import io.corridor.supervisor.server.ServerLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Logs a refused TLS handshake (no or untrusted client certificate, an old protocol, plain HTTP on the TLS port)
 * with the peer and the reason, then leaves the pipeline: after a good handshake it has nothing more to do.
 */
final class TlsHandshakeLog extends ChannelInboundHandlerAdapter {
    private final ServerLog log;
    private final String serverName;
    private boolean failed;

    TlsHandshakeLog(ServerLog log, String serverName) {
        this.log = log;
        this.serverName = serverName;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                ctx.pipeline().remove(this);
            } else {
                failed = true;                                 // stays, to swallow the exception that follows
                log.warn(serverName + ": TLS handshake from " + Router.peer(ctx) + " refused: " + reason(done.cause()));
            }
        }
        super.userEventTriggered(ctx, event);
    }

    private static boolean isTls(Throwable cause) {
        return cause instanceof javax.net.ssl.SSLException || cause instanceof NotSslRecordException;
    }

    private static String reason(Throwable cause) {
        if (cause instanceof NotSslRecordException) return "not TLS (plain HTTP on the TLS port?)";
        while (cause.getCause() != null && cause.getMessage() == null) cause = cause.getCause();
        return cause.getMessage();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!failed && !isTls(cause) && !isTls(cause.getCause())) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // the handshake failure is reported above, once; the decoder exception that carries it again is noise
        ctx.close();
    }
}
