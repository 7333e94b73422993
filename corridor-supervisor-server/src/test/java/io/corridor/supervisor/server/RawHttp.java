package io.corridor.supervisor.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The server tests' one HTTP/1.1 client, over a Unix-domain or TCP socket: one connection, requests written raw
 * (hostile ones included), answers read with a deadline (never a blocking read that could hang a test).
 */
public final class RawHttp implements AutoCloseable {
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() { return new String(body, StandardCharsets.UTF_8); }
        public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private RawHttp(SocketAddress address) throws IOException {
        channel = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        channel.connect(address);
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    public static RawHttp unix(Path socket) throws IOException { return new RawHttp(UnixDomainSocketAddress.of(socket)); }

    static RawHttp tcp(InetSocketAddress address) throws IOException { return new RawHttp(address); }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes as given; gives up (IOException) when the server stops reading for 10 s. */
    public void writeRaw(byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) throw new IOException("write timed out");
                awaitWritable(left);
            }
        }
    }

    /**
     * Sleeps until the socket takes bytes again (or {@code millis} pass) instead of spinning: a test that fills a
     * server's buffers on purpose must not take the core that server needs to read them.
     */
    private void awaitWritable(long millis) throws IOException {
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(SelectionKey.OP_WRITE);
        try {
            selector.select(millis);
            selector.selectedKeys().clear();
        } finally {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    public Response request(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        send(method, path, headers, body);
        return readResponse(Duration.ofSeconds(30));
    }

    /** POSTs an XML-RPC body to {@code /RPC2} and reads the answer. */
    public Response xmlRpc(String body) throws IOException {
        return post("/RPC2", "text/xml", body, null);
    }

    public Response post(String path, String contentType, String body, String authorization) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        if (authorization != null) h.put("Authorization", authorization);
        return request("POST", path, h, body.getBytes(StandardCharsets.UTF_8));
    }

    public Response post(String path, String contentType, byte[] body) throws IOException {
        return request("POST", path, Map.of("Content-Type", contentType), body);
    }

    public Response get(String path) throws IOException {
        return get(path, null);
    }

    public Response get(String path, String authorization) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        if (authorization != null) h.put("Authorization", authorization);
        return request("GET", path, h, new byte[0]);
    }

    public void send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder sb = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (body.length > 0 || method.equals("POST")) sb.append("Content-Length: ").append(body.length).append("\r\n");
        sb.append("\r\n");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        all.writeBytes(body);
        writeRaw(all.toByteArray());
    }

    /** Reads one response: by Content-Length, or the head only for a chunked one (use {@link #readUntil}). */
    public Response readResponse() throws IOException {
        return readResponse(Duration.ofSeconds(30));
    }

    public Response readResponse(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int headEnd;
        while ((headEnd = indexOf(pending.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))) < 0) {
            if (!fill(deadline)) throw new IOException("connection closed before the response head: " + pending);
        }
        byte[] buf = pending.toByteArray();
        String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        int bodyStart = headEnd + 4;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            consume(bodyStart);
            return new Response(status, headers, new byte[0]);
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        while (pending.size() < bodyStart + length) {
            if (!fill(deadline)) throw new IOException("connection closed inside the body");
        }
        byte[] body = java.util.Arrays.copyOfRange(pending.toByteArray(), bodyStart, bodyStart + length);
        consume(bodyStart + length);
        return new Response(status, headers, body);
    }

    /** Reads raw bytes until {@code needle} shows up; returns everything read so far and keeps it. */
    String readUntil(String needle, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.toString(StandardCharsets.UTF_8).contains(needle)) {
            if (!fill(deadline)) throw new IOException("closed before '" + needle + "': " + pending);
        }
        return pending.toString(StandardCharsets.UTF_8);
    }

    /** True when the server closed the connection within the timeout. */
    public boolean closedWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (fill(deadline)) { /* drain */ }
            return true;
        } catch (IOException e) {
            return !"timed out waiting for the server".equals(e.getMessage());   // reset counts as closed
        }
    }

    private boolean fill(long deadline) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new IOException("timed out waiting for the server");
            selector.select(left);
            selector.selectedKeys().clear();
            int n = channel.read(buf);
            if (n < 0) return false;
            if (n > 0) {
                pending.write(buf.array(), 0, n);
                return true;
            }
        }
    }

    private void consume(int n) {
        byte[] rest = java.util.Arrays.copyOfRange(pending.toByteArray(), n, pending.size());
        pending.reset();
        pending.writeBytes(rest);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
