package io.corridor.supervisor.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/** The small HTML error page supervisord's medusa sends for 4xx/5xx answers. */
public final class HttpErrors {
    private HttpErrors() {}

    public static FullHttpResponse page(HttpResponseStatus status) {
        String body = "<head>\n<title>Error response</title>\n</head>\n<body>\n<h1>Error response</h1>\n<p>Error code "
                + status.code() + ".\n<p>Message: " + status.reasonPhrase() + ".\n</body>";
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html");
        return r;
    }

    /** The same page, and the connection is closed after it. */
    public static FullHttpResponse closing(HttpResponseStatus status) {
        FullHttpResponse r = page(status);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }
}
