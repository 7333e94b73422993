package io.corridor.supervisor.server.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * What the handlers of one connection need to know about each other: whether a request is in flight or partly
 * received, and whether the peer was refused. Touched only on the channel's event loop.
 */
public final class ConnectionState {
    private static final AttributeKey<ConnectionState> KEY = AttributeKey.valueOf("corridor.connection");

    private boolean busy;
    private boolean partial;
    private boolean peerRefused;
    private String endpoint = "http";

    public static ConnectionState of(Channel channel) {
        ConnectionState s = channel.attr(KEY).get();
        if (s == null) {
            s = new ConnectionState();
            channel.attr(KEY).set(s);
        }
        return s;
    }

    /** Bytes arrived that do not (yet) form a complete request. */
    void bytesReceived() { partial = true; }

    void requestReceived() { partial = false; }

    boolean partial() { return partial; }

    void busy(boolean b) { busy = b; }

    boolean busy() { return busy; }

    void refusePeer() { peerRefused = true; }

    boolean peerRefused() { return peerRefused; }

    void endpoint(String name) { endpoint = name; }

    String endpoint() { return endpoint; }
}
