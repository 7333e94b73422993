package io.corridor.supervisor.server.logtail;

import io.corridor.supervisor.server.http.Exchange;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Streams a growing file to one client as supervisord's logtail producer does: first the last {@code backlog}
 * bytes, then whatever is appended, checked on a timer of the connection's own event loop (no thread per follower).
 * A rotated file (new inode) is followed from its start; a truncated one announces {@code ==> File truncated <==}.
 * Stops when the client goes away.
 */
final class FileFollower {
    private static final int MAX_CHUNK = 64 * 1024;
    static final byte[] TRUNCATED = "==> File truncated <==\n".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final Exchange exchange;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_CHUNK);
    private Object fileKey;
    private long position;
    private ScheduledFuture<?> timer;

    FileFollower(Path file, Exchange exchange) {
        this.file = file;
        this.exchange = exchange;
    }

    /**
     * Sends the backlog (or what follows byte {@code from} when it is not negative) and starts following; runs on the
     * connection's event loop.
     */
    void start(long backlog, long from, Duration interval) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            fileKey = attrs.fileKey();
            if (from < 0) position = Math.max(0, attrs.size() - backlog);
            else if (from <= attrs.size()) position = from;
            else {                                  // shrank since the client's offset: say so, as the timer would
                exchange.writeChunk(TRUNCATED);
                position = 0;
            }
        } catch (IOException e) {
            position = 0;
        }
        poll();
        var loop = exchange.context().executor();
        timer = loop.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        exchange.context().channel().closeFuture().addListener(f -> timer.cancel(false));
    }

    private void poll() {
        if (!exchange.isOpen()) return;
        // a slow reader gets nothing more until the last chunk has drained
        if (!exchange.context().channel().isWritable()) return;
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (!Objects.equals(attrs.fileKey(), fileKey)) {         // rotated: a new file under the same name
                fileKey = attrs.fileKey();
                position = 0;
            } else if (attrs.size() < position) {
                exchange.writeChunk(TRUNCATED);
                position = 0;
            }
            if (attrs.size() > position) send();
        } catch (NoSuchFileException e) {
            // between a rotation's rename and the new file: try again at the next tick
        } catch (IOException e) {
            exchange.endStream();
        }
    }

    private void send() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            buffer.clear();
            int n = ch.read(buffer, position);
            if (n <= 0) return;
            position += n;
            byte[] bytes = new byte[n];
            buffer.flip().get(bytes);
            exchange.writeChunk(bytes);
        }
    }
}
