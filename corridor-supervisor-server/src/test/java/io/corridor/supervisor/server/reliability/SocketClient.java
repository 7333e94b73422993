package io.corridor.supervisor.server.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a Unix socket for the reliability tests: requests written as raw bytes (so they can
 * be malformed on purpose), answers read with a deadline (a hung server fails the test instead of hanging it).
 */
final class SocketClient implements AutoCloseable {
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() { return new String(body, StandardCharsets.UTF_8); }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    SocketClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    Response xmlRpc(String body) throws IOException {
        return post("/RPC2", "text/xml", body.getBytes(StandardCharsets.UTF_8));
    }

    Response post(String path, String contentType, byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        all.writeBytes(body);
        write(all.toByteArray());
        return read();
    }

    Response get(String path) throws IOException {
        write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return read();
    }

    /** Writes bytes as given; gives up (IOException) when the server stops reading for 10 s. */
    void write(byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                if (System.nanoTime() > deadline) throw new IOException("write timed out");
                Thread.onSpinWait();
            }
        }
    }

    /** Reads one response with a Content-Length body (or the head only, for a chunked stream). */
    Response read() throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int headEnd;
        while ((headEnd = indexOf(pending.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))) < 0) {
            if (!fill(deadline)) throw new IOException("connection closed before a response head: " + pending);
        }
        String[] lines = new String(pending.toByteArray(), 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        int start = headEnd + 4;
        int length = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
                ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        while (pending.size() < start + length) {
            if (!fill(deadline)) throw new IOException("connection closed inside a body");
        }
        byte[] all = pending.toByteArray();
        pending.reset();
        pending.write(all, start + length, all.length - start - length);
        return new Response(status, headers, Arrays.copyOfRange(all, start, start + length));
    }

    /** True when the server closes the connection (or resets it) within the timeout. */
    boolean closedByServer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (fill(deadline)) { /* drain */ }
            return true;
        } catch (IOException e) {
            return !e.getMessage().equals("timed out");
        }
    }

    private boolean fill(long deadline) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16384);
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new IOException("timed out");
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
