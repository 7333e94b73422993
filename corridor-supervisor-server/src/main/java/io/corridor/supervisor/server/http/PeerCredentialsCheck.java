package io.corridor.supervisor.server.http;

import io.corridor.supervisor.os.Users;
import io.corridor.supervisor.server.ServerLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.nio.NioChannelOption;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.util.OptionalInt;

/**
 * On the Unix socket, learns the peer's uid from the kernel (SO_PEERCRED, through the JDK's supported
 * {@link ExtendedSocketOptions#SO_PEERCRED} on the NIO channel Netty wraps) and marks the connection refused when it
 * is neither ours nor root. The refusal is answered 403 by the {@link Router} at the first request, so the client
 * sees why.
 */
public final class PeerCredentialsCheck extends ChannelInboundHandlerAdapter {
    private final ServerLog log;
    private final int ourUid;

    public PeerCredentialsCheck(ServerLog log, int ourUid) {
        this.log = log;
        this.ourUid = ourUid;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        OptionalInt uid = peerUid(ctx);
        if (uid.isEmpty()) {
            log.warn("unix_http_server: cannot read the peer's credentials; refusing the connection");
            ConnectionState.of(ctx.channel()).refusePeer();
        } else if (uid.getAsInt() != ourUid && uid.getAsInt() != 0) {
            log.warn("unix_http_server: refusing a client running as uid " + uid.getAsInt()
                    + " (only uid " + ourUid + " and root may use this socket)");
            ConnectionState.of(ctx.channel()).refusePeer();
        }
        ctx.pipeline().remove(this);
        super.channelActive(ctx);
    }

    private static OptionalInt peerUid(ChannelHandlerContext ctx) {
        try {
            UnixDomainPrincipal p = ctx.channel().config().getOption(NioChannelOption.of(ExtendedSocketOptions.SO_PEERCRED));
            if (p == null) return OptionalInt.empty();
            String name = p.user().getName();
            // the JDK names the user from passwd, or spells the bare uid when there is no entry
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) return OptionalInt.of(Integer.parseInt(name));
            return Users.lookup(name).map(u -> OptionalInt.of(u.uid())).orElse(OptionalInt.empty());
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }
}
