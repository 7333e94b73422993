package io.corridor.supervisor.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One request and its single answer: a full response, or a streamed (chunked) one that ends when the follower
 * stops. Owns keep-alive: after a full response on a persistent connection the next request is served; otherwise
 * the connection is closed. Safe to answer from any thread (Netty hands writes to the channel's event loop).
 */
public final class Exchange {
    private static final String SERVER = "corridor-supervisor";
    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final QueryStringDecoder uri;
    private final boolean keepAlive;
    private final Consumer<HttpResponseStatus> onDone;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile boolean failed;

    Exchange(ChannelHandlerContext ctx, FullHttpRequest request, Consumer<HttpResponseStatus> onDone) {
        this.ctx = ctx;
        this.request = request;
        this.uri = new QueryStringDecoder(request.uri());
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.onDone = onDone;
    }

    public FullHttpRequest request() { return request; }

    public String path() { return uri.path(); }

    public Map<String, List<String>> query() { return uri.parameters(); }

    public String queryParam(String name) {
        List<String> v = uri.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    public byte[] body() {
        ByteBuf content = request.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        return bytes;
    }

    public ChannelHandlerContext context() { return ctx; }

    /** Counts this request as an error in metrics even though HTTP says 200 (an XML-RPC fault). */
    public void markFailed() { failed = true; }

    boolean failed() { return failed; }

    public void respond(HttpResponseStatus status, String contentType, String body) {
        respond(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public void respond(HttpResponseStatus status, String contentType, byte[] body) {
        respond(status, contentType, Unpooled.wrappedBuffer(body));
    }

    /** Answers with {@code body}, which this takes over (Netty releases it once written). */
    public void respond(HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        respond(response);
    }

    /** A buffer for a large answer, outside the Java heap: see {@code XmlRpcWriter}. */
    public ByteBuf buffer() {
        return ctx.alloc().directBuffer();
    }

    /** Answers with a full response; extra headers may be set on it by the caller. */
    public void respond(FullHttpResponse response) {
        if (!answered.compareAndSet(false, true)) {
            response.release();
            return;
        }
        response.headers().set(HttpHeaderNames.SERVER, SERVER);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        boolean persistent = keepAlive && !response.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        HttpUtil.setKeepAlive(response, persistent);
        ChannelFuture f = ctx.writeAndFlush(response);
        HttpResponseStatus status = response.status();
        if (persistent) {
            f.addListener((ChannelFutureListener) done -> onDone.accept(status));
        } else {
            f.addListener(ChannelFutureListener.CLOSE);
            f.addListener((ChannelFutureListener) done -> onDone.accept(status));
        }
    }

    /**
     * Starts a chunked response that lasts until {@link #endStream()} or until the client goes away; the
     * connection is closed at the end (followers are not reused).
     */
    public void startStream(String contentType, Map<String, String> headers) {
        if (!answered.compareAndSet(false, true)) return;
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.SERVER, SERVER);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        headers.forEach(response.headers()::set);
        ctx.writeAndFlush(response);
        ctx.channel().closeFuture().addListener(f -> onDone.accept(HttpResponseStatus.OK));
    }

    public ChannelFuture writeChunk(byte[] bytes) {
        return ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
    }

    public void endStream() {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }

    public boolean isOpen() {
        return ctx.channel().isActive();
    }
}
