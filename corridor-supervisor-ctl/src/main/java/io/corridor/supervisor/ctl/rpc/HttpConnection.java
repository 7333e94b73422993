package io.corridor.supervisor.ctl.rpc;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One HTTP/1.1 connection to supervisord, over a Unix socket or TCP, reused for consecutive requests while the
 * server keeps it alive. Only what the client needs: POST with a body, GET of a streaming (chunked) body,
 * Content-Length / chunked / read-to-close responses, Basic auth.
 */
public final class HttpConnection implements Closeable {
    private static final int MAX_HEADER_LINE = 16 * 1024;

    private final ServerUrl url;
    private final String authorization;
    private final ClientSecurity security;
    private SocketChannel channel;
    private java.net.Socket tlsSocket;
    private InputStream in;
    private OutputStream out;

    public HttpConnection(ServerUrl url, String username, String password) {
        this(url, username, password, ClientSecurity.NONE);
    }

    /** A token in {@code security} is sent (as Bearer) instead of the username and password. */
    public HttpConnection(ServerUrl url, String username, String password, ClientSecurity security) {
        this.url = url;
        this.security = security;
        this.authorization = security.token().isPresent() ? "Bearer " + security.token().get()
                : username == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    }

    /** Receives a streamed body chunk by chunk; returns false to stop reading. */
    public interface BodySink {
        boolean accept(byte[] data, int length) throws IOException;
    }

    /** POSTs {@code body} to {@code path}; returns the response body of a 200 answer. */
    public byte[] post(String path, byte[] body) throws IOException {
        boolean fresh = channel == null && tlsSocket == null;
        try {
            return exchange("POST", path, body);
        } catch (ConnectionFailure e) {
            throw e;
        } catch (EOFException e) {
            // the server may close an idle keep-alive connection between two of our calls: retry once on a new one
            if (fresh) {
                throw ConnectionFailure.classify(e);
            }
            close();
            return exchange("POST", path, body);
        }
    }

    /** GETs {@code path}; returns the body of a 200 answer (no retry: callers fall back on failure). */
    public byte[] get(String path) throws IOException {
        Collector collected = new Collector(64 * 1024);
        request("GET", path, null, collected);
        return collected.toByteArray();
    }

    private byte[] exchange(String method, String path, byte[] body) throws IOException {
        Collector collected = new Collector(body.length * 4 + 256);
        request(method, path, body, collected);
        return collected.toByteArray();
    }

    /** A named class rather than a lambda: the first lambda of a JVM costs milliseconds to bootstrap. */
    private static final class Collector extends ByteArrayOutputStream implements BodySink {
        Collector(int size) {
            super(size);
        }

        @Override
        public boolean accept(byte[] data, int length) {
            write(data, 0, length);
            return true;
        }
    }

    /**
     * Sends a request and feeds the body of a 200 answer to {@code sink}; throws {@link HttpStatusException} for
     * any other status (after draining or closing).
     */
    public void request(String method, String path, byte[] body, BodySink sink) throws IOException {
        connect();
        StringBuilder head = new StringBuilder(200)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.isUnix() ? "localhost" : url.host()).append("\r\n")
                .append("Accept-Encoding: identity\r\n");
        if (body != null) {
            head.append("Content-Type: text/xml\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] message = headBytes;
        if (body != null) {                                    // one write: no Nagle/delayed-ACK stall on TCP
            message = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, message, headBytes.length, body.length);
        }
        out.write(message);
        out.flush();
        readResponse(path, sink);
    }

    private void readResponse(String path, BodySink sink) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new EOFException("connection closed before the response");
        }
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int code = Integer.parseInt(status[1]);
        boolean chunked = false;
        boolean close = status[0].equals("HTTP/1.0");
        long length = -1;
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close") ? true : value.equalsIgnoreCase("keep-alive") ? false : close;
            }
        }
        if (code != 200) {
            close();
            // supervisorctl's transport always names the host 127.0.0.1 in this message
            throw new HttpStatusException(code, status.length > 2 ? status[2] : "", "127.0.0.1" + path);
        }
        boolean complete = chunked ? readChunked(sink) : length >= 0 ? readFixed(length, sink) : readToClose(sink);
        if (close || !complete) {
            close();
        }
    }

    private boolean readChunked(BodySink sink) throws IOException {
        byte[] buffer = new byte[8192];
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new EOFException("connection closed inside a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip(), 16);
            if (size == 0) {
                for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
                    // trailers carry nothing we use
                }
                return true;
            }
            while (size > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, size));
                if (n < 0) {
                    throw new EOFException("connection closed inside a chunk");
                }
                size -= n;
                if (!sink.accept(buffer, n)) {
                    return false;
                }
            }
            readLine();                                        // CRLF after the chunk data
        }
    }

    private boolean readFixed(long length, BodySink sink) throws IOException {
        byte[] buffer = new byte[(int) Math.min(Math.max(length, 1), 64 * 1024)];
        while (length > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
            if (n < 0) {
                throw new EOFException("connection closed inside the body");
            }
            length -= n;
            if (!sink.accept(buffer, n)) {
                return false;
            }
        }
        return true;
    }

    private boolean readToClose(BodySink sink) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (!sink.accept(buffer, n)) {
                return false;
            }
        }
        return false;                                          // the connection is spent
    }

    /** Reads a CRLF- (or LF-) terminated ISO-8859-1 line; null at end of stream before any byte. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (b == '\n') {
                int last = line.length() - 1;
                return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
            }
            if (line.length() > MAX_HEADER_LINE) {
                throw new IOException("HTTP header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private void connect() throws IOException {
        if (channel != null || tlsSocket != null) {
            return;
        }
        if (url.tls()) {
            try {
                tlsSocket = TlsClient.open(url, security);
            } catch (IOException e) {
                close();
                throw ConnectionFailure.classify(e);
            }
            in = new BufferedInputStream(tlsSocket.getInputStream(), 16 * 1024);
            out = tlsSocket.getOutputStream();
            return;
        }
        try {
            if (url.isUnix()) {
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(url.unixPath()));
            } else {
                channel = SocketChannel.open();
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(new InetSocketAddress(url.host(), url.port()));
            }
        } catch (IOException e) {
            close();
            throw ConnectionFailure.classify(e);
        }
        in = new BufferedInputStream(new ChannelInput(channel), 16 * 1024);
        out = new ChannelOutput(channel);
    }

    /** Plain blocking reads; the JDK's Channels.newInputStream brings lambdas that cost start-up time. */
    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return channel.read(ByteBuffer.wrap(buffer, offset, length));
        }
    }

    private static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        if (tlsSocket != null) {
            try {
                tlsSocket.close();
            } catch (IOException ignored) {
                // as below
            }
            tlsSocket = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket we no longer need: nothing useful to report
            }
        }
        channel = null;
        in = null;
        out = null;
    }
}
