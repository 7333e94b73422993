package io.corridor.supervisor.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process snapshot queues behind whatever the engine is doing; while it waits, the one Netty thread must go on
 * serving everyone else. The fake's snapshots wait at a gate that the test opens only after another client was
 * answered: a server that takes the snapshot in its Netty thread cannot answer that client (the read times out).
 */
class SnapshotsDoNotBlockTest {
    @TempDir Path dir;
    private ServerFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = ServerFixture.standard(dir);
    }

    @AfterEach
    void tearDown() {
        fx.supervisor.snapshotGate = null;
        fx.close();
    }

    private static byte[] call(String method) {
        return ("<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName><params></params>"
                + "</methodCall>").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends {@code slow}, waits until its snapshot waits at the gate, checks another client is served, opens. */
    private RawHttp.Response servedWhileWaiting(String method, String path, Map<String, String> headers, byte[] body)
            throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        fx.supervisor.snapshotWaiting = new CountDownLatch(1);
        fx.supervisor.snapshotGate = gate;
        try (RawHttp slow = fx.unixClient(); RawHttp other = fx.unixClient()) {
            slow.send(method, path, headers, body);
            assertThat(fx.supervisor.snapshotWaiting.await(20, TimeUnit.SECONDS)).as("the snapshot began").isTrue();

            other.send("POST", "/RPC2", Map.of("Content-Type", "text/xml"), call("supervisor.getPID"));
            RawHttp.Response pid = other.readResponse(Duration.ofSeconds(10));
            assertThat(pid.text()).contains("<int>" + ProcessHandle.current().pid() + "</int>");

            gate.countDown();
            return slow.readResponse(Duration.ofSeconds(20));
        } finally {
            gate.countDown();
            fx.supervisor.snapshotGate = null;
        }
    }

    @Test
    void xmlRpcSnapshotsLetOtherClientsBeServed() throws Exception {
        RawHttp.Response all = servedWhileWaiting("POST", "/RPC2", Map.of("Content-Type", "text/xml"),
                call("supervisor.getAllProcessInfo"));
        assertThat(all.text()).contains("<name>name</name>", "sleeper");

        byte[] one = ("<?xml version='1.0'?><methodCall><methodName>supervisor.getProcessInfo</methodName><params>"
                + "<param><value><string>sleeper</string></value></param></params></methodCall>")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Response info = servedWhileWaiting("POST", "/RPC2", Map.of("Content-Type", "text/xml"), one);
        assertThat(info.text()).contains("<name>group</name>", "sleeper");
    }

    @Test
    void restSnapshotsLetOtherClientsBeServed() throws Exception {
        RawHttp.Response list = servedWhileWaiting("GET", "/api/v1/processes?fields=namespec", Map.of(), new byte[0]);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).contains("\"namespec\" : \"sleeper\"");
        RawHttp.Response one = servedWhileWaiting("GET", "/api/v1/processes/sleeper", Map.of(), new byte[0]);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.text()).contains("\"namespec\" : \"sleeper\"");
    }
}
