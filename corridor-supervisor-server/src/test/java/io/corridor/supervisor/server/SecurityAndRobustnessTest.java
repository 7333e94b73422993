package io.corridor.supervisor.server;

import io.corridor.supervisor.os.Users;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every hostile or broken request is answered or refused cleanly, with a log line, and the server keeps serving. */
class SecurityAndRobustnessTest {
    private static final String GET_STATE = "<?xml version='1.0'?><methodCall><methodName>supervisor.getState</methodName></methodCall>";

    @TempDir Path dir;

    private static void assertStillServes(ServerFixture fx) throws IOException {
        try (RawHttp c = fx.unixClient()) {
            var r = c.post("/RPC2", "text/xml", GET_STATE, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("<name>statename</name>\n<value><string>RUNNING</string></value>");
        }
    }

    @Test
    void socket_file_is_0700_a_stale_one_is_replaced_a_live_one_refused_and_it_is_unlinked_at_close() throws Exception {
        Path sock = dir.resolve("s.sock");
        // a stale socket: bound, then its server gone without unlinking
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock));
        }
        assertThat(sock).exists();
        ServerFixture fx = ServerFixture.standard(dir);
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rwx------");
            assertThat(fx.logLines).anyMatch(l -> l.contains("Unlinking stale socket " + sock));
            assertThat(fx.logLines).anyMatch(l -> l.contains("running without any HTTP authentication checking"));
            assertStillServes(fx);
            assertThatThrownBy(() -> ServerFixture.standard(dir).close())
                    .isInstanceOf(ServerBindException.class).hasMessage(ServerBindException.IN_USE);
            assertStillServes(fx);
        } finally {
            fx.close();
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void a_regular_file_at_the_socket_path_is_never_deleted() throws Exception {
        Path notASocket = dir.resolve("s.sock");
        Files.writeString(notASocket, "precious");
        assertThatThrownBy(() -> ServerFixture.standard(dir).close())
                .isInstanceOf(ServerBindException.class).hasMessageContaining("is not a socket");
        assertThat(notASocket).hasContent("precious");
    }

    @Test
    void chmod_and_chown_are_applied_to_the_socket() throws Exception {
        Assumptions.assumeTrue(Users.currentUid() == 0, "chown to another user needs root");
        var unix = new io.corridor.supervisor.config.UnixHttpServerSettings(dir.resolve("s.sock"), 0770, Optional.of("nobody:nogroup"),
                Optional.empty(), Optional.empty());
        try (ServerFixture fx = new ServerFixture(dir, Optional.of(unix), Optional.empty(), List.of(), ServerOptions.defaults())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.socket()))).isEqualTo("rwxrwx---");
            var attrs = Files.readAttributes(fx.socket(), java.nio.file.attribute.PosixFileAttributes.class);
            assertThat(attrs.owner().getName()).isEqualTo("nobody");
            assertThat(attrs.group().getName()).isEqualTo("nogroup");
            assertStillServes(fx);
        }
    }

    @Test
    void basic_auth_on_unix_and_tcp_with_plain_and_sha_passwords() throws Exception {
        String sha = "{SHA}" + "e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4";   // sha1("secret")
        try (ServerFixture fx = new ServerFixture(dir, Optional.of(TestConfigs.unix(dir.resolve("s.sock"), "admin", sha)),
                Optional.of(TestConfigs.inet("admin", "plain")), ServerFixture.standardGroups(dir), ServerOptions.defaults())) {
            try (RawHttp c = fx.unixClient()) {
                var none = c.post("/RPC2", "text/xml", GET_STATE, null);
                assertThat(none.status()).isEqualTo(401);
                assertThat(none.header("WWW-Authenticate")).isEqualTo("Basic realm=\"default\"");
            }
            try (RawHttp c = fx.unixClient()) {
                assertThat(c.post("/RPC2", "text/xml", GET_STATE, RawHttp.basic("admin", "wrong")).status()).isEqualTo(401);
            }
            try (RawHttp c = fx.unixClient()) {
                assertThat(c.post("/RPC2", "text/xml", GET_STATE, RawHttp.basic("admin", "secret")).status()).isEqualTo(200);
                // keep-alive: a second request on the same connection
                assertThat(c.get("/metrics", RawHttp.basic("admin", "secret")).status()).isEqualTo(200);
            }
            try (RawHttp c = RawHttp.tcp(fx.inet())) {
                var none = c.post("/RPC2", "text/xml", GET_STATE, null);
                assertThat(none.status()).isEqualTo(401);
                assertThat(none.header("WWW-Authenticate")).isEqualTo("Basic realm=\"default\"");
            }
            try (RawHttp c = RawHttp.tcp(fx.inet())) {
                assertThat(c.get("/api/v1/supervisor", RawHttp.basic("admin", "nope")).status()).isEqualTo(401);
            }
            try (RawHttp c = RawHttp.tcp(fx.inet())) {
                assertThat(c.get("/api/v1/supervisor", RawHttp.basic("admin", "plain")).status()).isEqualTo(200);
            }
            assertThat(fx.logLines).anyMatch(l -> l.contains("refused (401): wrong credentials"));
        }
    }

    @Test
    void a_peer_running_as_another_uid_is_refused_on_the_unix_socket() throws Exception {
        Assumptions.assumeTrue(Users.currentUid() == 0, "needs root to run a client as nobody");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/curl")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        var unix = new io.corridor.supervisor.config.UnixHttpServerSettings(dir.resolve("s.sock"), 0777, Optional.empty(),
                Optional.empty(), Optional.empty());
        try (ServerFixture fx = new ServerFixture(dir, Optional.of(unix), Optional.empty(), ServerFixture.standardGroups(dir),
                ServerOptions.defaults())) {
            Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", fx.socket().toString(),
                    "http://localhost/RPC2", "-H", "Content-Type: text/xml", "-d", GET_STATE).redirectErrorStream(true).start();
            try {
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("403");
            } finally {
                p.destroyForcibly();
            }
            assertThat(fx.logLines).anyMatch(l -> l.contains("refusing a client running as uid 65534"));
            assertStillServes(fx);   // we are root: allowed
        }
    }

    @Test
    void malformed_xml_doctype_unknown_method_and_wrong_http_method() throws Exception {
        try (ServerFixture fx = ServerFixture.standard(dir)) {
            try (RawHttp c = fx.unixClient()) {
                assertThat(c.post("/RPC2", "text/xml", "<methodCall><oops", null).status()).isEqualTo(400);
            }
            assertStillServes(fx);
            String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + "<methodCall><methodName>&x;</methodName></methodCall>";
            try (RawHttp c = fx.unixClient()) {
                var r = c.post("/RPC2", "text/xml", xxe, null);
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.text()).doesNotContain("root:");
            }
            try (RawHttp c = fx.unixClient()) {
                var r = c.post("/RPC2", "text/xml", "<methodCall><methodName>supervisor.nosuch</methodName></methodCall>", null);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).contains("<value><int>1</int></value>").contains("UNKNOWN_METHOD");
                var traversal = c.post("/RPC2", "text/xml", "<methodCall><methodName>supervisor.x.y</methodName></methodCall>", null);
                assertThat(traversal.text()).contains("UNKNOWN_METHOD");
                var arity = c.post("/RPC2", "text/xml", "<methodCall><methodName>supervisor.getPID</methodName>"
                        + "<params><param><value><int>1</int></value></param></params></methodCall>", null);
                assertThat(arity.text()).contains("INCORRECT_PARAMETERS");
                assertThat(c.get("/RPC2", null).status()).isEqualTo(405);
                assertThat(c.get("/nothing/here", null).status()).isEqualTo(404);
            }
            try (RawHttp c = fx.unixClient()) {
                c.writeRaw("THIS IS NOT HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.readResponse(Duration.ofSeconds(10)).status()).isEqualTo(400);
            }
            assertStillServes(fx);
            assertThat(fx.logLines).anyMatch(l -> l.contains("XML-RPC request data is invalid"));
            assertThat(fx.logLines).anyMatch(l -> l.contains("not found (404)"));
        }
    }

    @Test
    void an_oversized_body_is_refused_with_413() throws Exception {
        try (ServerFixture fx = ServerFixture.standard(dir, ServerOptions.defaults().withMaxRequestBytes(64 * 1024))) {
            try (RawHttp c = fx.unixClient()) {
                String big = "<methodCall><methodName>x</methodName><!--" + "x".repeat(100 * 1024) + "--></methodCall>";
                assertThat(c.post("/RPC2", "text/xml", big, null).status()).isEqualTo(413);
            }
            assertStillServes(fx);
            assertThat(fx.logLines).anyMatch(l -> l.contains("refused (413)"));
        }
    }

    @Test
    void a_slow_client_is_dropped_and_never_blocks_others() throws Exception {
        try (ServerFixture fx = ServerFixture.standard(dir, ServerOptions.defaults().withRequestTimeout(Duration.ofMillis(500)))) {
            try (RawHttp slow = fx.unixClient()) {
                slow.writeRaw("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 500\r\n\r\n<methodCall>".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 3; i++) assertStillServes(fx);
                assertThat(slow.closedWithin(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(fx.logLines).anyMatch(l -> l.contains("sent no complete request within the timeout"));
            assertStillServes(fx);
        }
    }

    @Test
    void a_waiting_stop_does_not_hold_other_requests_and_pipelined_requests_are_answered_in_order() throws Exception {
        try (ServerFixture fx = ServerFixture.standard(dir)) {
            fx.supervisor.force("sleeper", io.corridor.supervisor.ProcessState.RUNNING);
            // The stop ends when the test says so: "answered while the stop still waits" holds however slow the
            // machine, with no timer to beat.
            var held = new java.util.concurrent.CompletableFuture<Void>();
            fx.supervisor.proc("sleeper").stopHeld = held;
            try (RawHttp waiting = fx.unixClient()) {
                String stop = "<methodCall><methodName>supervisor.stopProcess</methodName><params>"
                        + "<param><value><string>sleeper</string></value></param></params></methodCall>";
                waiting.send("POST", "/RPC2", Map.of("Content-Type", "text/xml"), stop.getBytes(StandardCharsets.UTF_8));
                waiting.send("POST", "/RPC2", Map.of("Content-Type", "text/xml"), GET_STATE.getBytes(StandardCharsets.UTF_8));
                Wait.until(() -> fx.supervisor.proc("sleeper").state == io.corridor.supervisor.ProcessState.STOPPING,
                        Duration.ofSeconds(20));
                assertStillServes(fx); // returns only if other requests are answered while the stop is held
                held.complete(null);
                var first = waiting.readResponse(Duration.ofSeconds(20));
                assertThat(first.text()).contains("<boolean>1</boolean>");
                var second = waiting.readResponse(Duration.ofSeconds(20));
                assertThat(second.text()).contains("statename");
            } finally {
                held.complete(null); // a failed assertion must not leave the server's stop waiting
            }
        }
    }

    @Test
    void inet_server_without_auth_beyond_loopback_logs_a_loud_warning() throws Exception {
        var open = new io.corridor.supervisor.config.InetHttpServerSettings("", 0, Optional.empty(), Optional.empty());
        try (ServerFixture fx = new ServerFixture(dir, Optional.empty(), Optional.of(open), List.of(), ServerOptions.defaults())) {
            assertThat(fx.logLines).anyMatch(l -> l.startsWith("CRITICAL") && l.contains("WITHOUT ANY AUTHENTICATION"));
        }
    }
}
