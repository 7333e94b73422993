package io.corridor.supervisor.logging;

import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.UnixDatagram;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The local syslog socket, written as supervisord's Python {@code syslog.syslog(msg)} writes it: facility user,
 * priority info, tag {@code supervisord}, one datagram per line ({@code <14>Dec  2 05:35:00 supervisord: msg}).
 * The socket is {@code /dev/log}, or the path in the system property {@code corridor.syslog.socket}. A missing
 * or full syslog loses lines (reported once on stderr) and never blocks a caller. Thread-safe.
 */
public final class Syslog {
    public static final String SOCKET_PROPERTY = "corridor.syslog.socket";
    private static final String TAG = "supervisord";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static volatile Syslog local;

    private final Path socket;
    private int fd = -1;
    private boolean failureReported;

    private Syslog(Path socket) {
        this.socket = socket;
    }

    /** The syslog of this JVM (the socket is chosen on first use). */
    public static Syslog local() {
        Syslog s = local;
        if (s == null || !s.socket.toString().equals(socketPath())) {
            synchronized (Syslog.class) {
                if (local == null || !local.socket.toString().equals(socketPath())) local = new Syslog(Path.of(socketPath()));
                s = local;
            }
        }
        return s;
    }

    private static String socketPath() {
        return System.getProperty(SOCKET_PROPERTY, "/dev/log");
    }

    /** Sends each line of {@code text} (trailing newlines dropped) as one message. */
    public void send(String text) {
        String trimmed = text;
        while (trimmed.endsWith("\n")) trimmed = trimmed.substring(0, trimmed.length() - 1);
        for (String line : trimmed.split("\n", -1)) sendLine(line);
    }

    private synchronized void sendLine(String line) {
        if (fd < 0) fd = UnixDatagram.open();
        if (fd < 0) {
            reportOnce("cannot open a datagram socket");
            return;
        }
        String message = "<14>" + STAMP.format(LocalDateTime.now()) + " " + TAG + ": " + line;
        int rc = UnixDatagram.send(fd, socket, message.getBytes(StandardCharsets.UTF_8));
        if (rc != 0) reportOnce("cannot send to " + socket + " (errno " + -rc + ")");
    }

    private void reportOnce(String problem) {
        if (failureReported) return;
        failureReported = true;
        System.err.println("corridor-supervisor: syslog: " + problem + "; lines for syslog are dropped");
    }

    /** For tests that swap the socket: forgets the descriptor. */
    synchronized void close() {
        if (fd >= 0) Libc.close(fd);
        fd = -1;
    }
}
