package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.Probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * {@code tcp:} and {@code http://} checks for every process on one thread ({@code corridor-probes}) with one
 * selector: non-blocking connects, an HTTP/1.0 GET, the status line read back. Each result (null = passed, else
 * why not) goes to the caller's consumer from this thread.
 */
final class NetProbes implements Runnable {
    private static final int MAX_STATUS_LINE = 1024;

    private final Selector selector;
    private final ConcurrentLinkedQueue<Check> queued = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    private static final class Check {
        final Probe probe;
        final long deadline;
        final Consumer<String> done;
        ByteBuffer request;
        final ByteBuffer response = ByteBuffer.allocate(MAX_STATUS_LINE);
        SocketChannel channel;

        Check(Probe probe, long deadline, Consumer<String> done) {
            this.probe = probe;
            this.deadline = deadline;
            this.done = done;
        }
    }

    private NetProbes(Selector selector) {
        this.selector = selector;
        this.thread = Thread.ofPlatform().name("corridor-probes").daemon(true).unstarted(this);
    }

    static NetProbes start() {
        try {
            NetProbes p = new NetProbes(Selector.open());
            p.thread.start();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector for tcp/http checks: " + e.getMessage(), e);
        }
    }

    void submit(Probe probe, Duration timeout, Consumer<String> done) {
        queued.add(new Check(probe, System.nanoTime() + timeout.toNanos(), done));
        selector.wakeup();
    }

    void shutdown() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(250);
                for (Check c; (c = queued.poll()) != null; ) begin(c);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    step(k);
                }
                long now = System.nanoTime();
                for (SelectionKey k : selector.keys()) {
                    if (k.attachment() instanceof Check c && now - c.deadline > 0) finish(k, "no answer in time");
                }
            }
        } catch (IOException | RuntimeException e) {
            for (SelectionKey k : selector.keys()) {
                if (k.attachment() instanceof Check) finish(k, "check thread failed: " + e);
            }
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing on the way out
            }
        }
    }

    private void begin(Check c) {
        String host;
        int port;
        switch (c.probe) {
            case Probe.Tcp t -> {
                host = t.host();
                port = t.port();
            }
            case Probe.Http h -> {
                host = h.uri().getHost();
                port = h.uri().getPort() < 0 ? 80 : h.uri().getPort();
                String path = h.uri().getRawPath() == null || h.uri().getRawPath().isEmpty() ? "/" : h.uri().getRawPath();
                if (h.uri().getRawQuery() != null) path += "?" + h.uri().getRawQuery();
                c.request = ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: " + host + ":" + port
                        + "\r\nUser-Agent: corridor-supervisor\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            case Probe.Exec e -> throw new IllegalArgumentException("not a network check: " + e);
        }
        try {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                c.done.accept("cannot resolve " + host);
                return;
            }
            c.channel = SocketChannel.open();
            c.channel.configureBlocking(false);
            boolean connected = c.channel.connect(address);
            SelectionKey k = c.channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, c);
            if (connected) connected(k, c);
        } catch (IOException e) {
            close(c);
            c.done.accept(reason(e));
        }
    }

    private void step(SelectionKey k) {
        Check c = (Check) k.attachment();
        try {
            if (k.isValid() && k.isConnectable()) {
                c.channel.finishConnect();
                connected(k, c);
            } else if (k.isValid() && k.isWritable()) {
                c.channel.write(c.request);
                if (!c.request.hasRemaining()) k.interestOps(SelectionKey.OP_READ);
            } else if (k.isValid() && k.isReadable()) {
                int n = c.channel.read(c.response);
                String text = new String(c.response.array(), 0, c.response.position(), StandardCharsets.ISO_8859_1);
                int eol = text.indexOf("\r\n");
                if (eol >= 0 || n < 0 || !c.response.hasRemaining()) {
                    finish(k, httpVerdict(eol >= 0 ? text.substring(0, eol) : text, n < 0 && eol < 0));
                }
            }
        } catch (IOException e) {
            finish(k, reason(e));
        }
    }

    private void connected(SelectionKey k, Check c) {
        if (c.probe instanceof Probe.Tcp) {
            finish(k, null);
        } else {
            k.interestOps(SelectionKey.OP_WRITE);
        }
    }

    /** {@code HTTP/1.1 204 No Content} passes; anything but a 2xx status line fails with that line. */
    static String httpVerdict(String statusLine, boolean closedEarly) {
        if (closedEarly && statusLine.isEmpty()) return "connection closed before an answer";
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) return "not an HTTP answer: " + abbreviate(statusLine);
        return parts[1].length() == 3 && parts[1].charAt(0) == '2' ? null : "HTTP " + abbreviate(statusLine.substring(parts[0].length() + 1));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    private void finish(SelectionKey k, String result) {
        Check c = (Check) k.attachment();
        k.attach(null);
        k.cancel();
        close(c);
        c.done.accept(result);
    }

    private static void close(Check c) {
        if (c.channel == null) return;
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // a failed close of a check's socket changes nothing
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m.toLowerCase(java.util.Locale.ROOT);
    }
}
