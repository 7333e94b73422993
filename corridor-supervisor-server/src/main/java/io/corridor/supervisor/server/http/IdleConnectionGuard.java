package io.corridor.supervisor.server.http;

import io.corridor.supervisor.server.ServerLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;

import java.time.Duration;

/**
 * Sits right after an {@code IdleStateHandler} (reader idle every {@code requestTimeout}) and before the HTTP codec.
 * A client that started a request and went silent is dropped at the first tick; an idle keep-alive connection after
 * {@code keepAliveTimeout}; a connection whose request is being served (a waiting start, a log follower) never.
 */
public final class IdleConnectionGuard extends ChannelDuplexHandler {
    private final ServerLog log;
    private final String serverName;
    private final long ticksBeforeIdleClose;
    private long idleTicks;

    public IdleConnectionGuard(ServerLog log, String serverName, Duration requestTimeout, Duration keepAliveTimeout) {
        this.log = log;
        this.serverName = serverName;
        this.ticksBeforeIdleClose = Math.max(1, keepAliveTimeout.toMillis() / Math.max(1, requestTimeout.toMillis()));
    }

    /** A connection that never completes its first request is as slow as one that stalls mid-request. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ConnectionState.of(ctx.channel()).bytesReceived();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            idleTicks = 0;
            ConnectionState.of(ctx.channel()).bytesReceived();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof IdleStateEvent)) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (state.busy()) return;
        if (state.partial()) {
            log.warn(serverName + ": closing a connection that sent no complete request within the timeout");
            ctx.close();
        } else if (++idleTicks >= ticksBeforeIdleClose) {
            ctx.close();
        }
    }
}
