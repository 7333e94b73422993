package io.corridor.supervisor.os;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The socket calls outside the engine's hot path (FastCGI pools' listening sockets, syslog's and the notify
 * socket's datagrams) on real sockets: that they work, and that a failing call reports the errno it failed with.
 */
class UnixSocketsTest {
    private static final int EADDRINUSE = 98, ECONNREFUSED = 111;

    @TempDir
    Path dir;

    @Test
    void aUnixListeningSocketReplacesAStaleFileTakesItsModeAndAccepts() throws Exception {
        Path sock = dir.resolve("pool.sock");
        Files.writeString(sock, "stale");
        int uid = (int) Files.getAttribute(sock, "unix:uid"), gid = (int) Files.getAttribute(sock, "unix:gid");
        int fd = ListeningSocket.unix(sock, uid, gid, 0640, 8);
        try {
            assertThat(Files.getPosixFilePermissions(sock)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                assertThat(client.connect(UnixDomainSocketAddress.of(sock))).isTrue();
            }
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void aUnixListeningSocketPathTooLongIsRefusedBeforeAnyCall() {
        Path sock = dir.resolve("x".repeat(120));
        assertThatThrownBy(() -> ListeningSocket.unix(sock, -1, -1, 0600, 8))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENAMETOOLONG));
    }

    @Test
    void aTcpListeningSocketAcceptsAndABusyPortFailsWithItsErrno() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            assertThatThrownBy(() -> ListeningSocket.tcp("127.0.0.1", busy.getLocalPort(), 8))
                    .isInstanceOfSatisfying(NativeException.class, e -> {
                        assertThat(e.errno()).isEqualTo(EADDRINUSE);
                        assertThat(e.getMessage()).startsWith("bind: ");
                    });
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int fd = ListeningSocket.tcp("localhost", port, 8);
        try (Socket client = new Socket("127.0.0.1", port)) {
            assertThat(client.isConnected()).isTrue();
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void datagramsGoFromSenderToABoundReceiverWithoutBlocking() {
        Path sock = dir.resolve("log.sock");
        int receiver = UnixDatagram.bind(sock);
        assertThat(receiver).isNotNegative();
        int sender = UnixDatagram.open();
        try {
            assertThat(sender).isNotNegative();
            assertThat(UnixDatagram.receive(receiver)).as("nothing waiting").isNull();
            assertThat(UnixDatagram.send(sender, sock, "<14>hello".getBytes(StandardCharsets.UTF_8))).isZero();
            assertThat(UnixDatagram.receive(receiver)).asString(StandardCharsets.UTF_8).isEqualTo("<14>hello");
            assertThat(UnixDatagram.bind(sock)).as("a second bind").isEqualTo(-EADDRINUSE);
        } finally {
            Libc.close(sender);
            Libc.close(receiver);
        }
        int other = UnixDatagram.open();
        try {
            assertThat(UnixDatagram.send(other, dir.resolve("gone.sock"), new byte[]{1})).isEqualTo(-Errno.ENOENT);
            assertThat(UnixDatagram.send(other, sock, new byte[]{1})).as("nobody bound any more").isEqualTo(-ECONNREFUSED);
        } finally {
            Libc.close(other);
        }
    }

    @Test
    void theNotifySocketIsABoundDatagramSocketAndABusyPathIsAnError() throws IOException {
        Path sock = dir.resolve("notify.sock");
        int fd = Libc.unixDatagramSocket(sock.toString());
        try {
            int sender = UnixDatagram.open();
            try {
                assertThat(UnixDatagram.send(sender, sock, "READY=1".getBytes(StandardCharsets.UTF_8))).isZero();
            } finally {
                Libc.close(sender);
            }
            assertThat(UnixDatagram.receive(fd)).asString(StandardCharsets.UTF_8).isEqualTo("READY=1");
            assertThatThrownBy(() -> Libc.unixDatagramSocket(sock.toString()))
                    .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errno()).isEqualTo(EADDRINUSE));
        } finally {
            Libc.close(fd);
        }
        assertThatThrownBy(() -> Libc.unixDatagramSocket(dir.resolve("n".repeat(110)).toString()))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENAMETOOLONG));
    }
}
