package io.corridor.supervisor.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint whose answer needs the engine's thread (a snapshot, a log file's name, stdin, a re-read, a scrape)
 * must let the one Netty thread go on serving everyone else while that answer is pending. The fake's engine
 * answers wait at a gate that the test opens only after another client was answered: a server that waits for the
 * engine in its Netty thread cannot answer that client (its read times out), so each case fails.
 */
class EngineAnswersDoNotBlockTest {
    @TempDir Path dir;
    private ServerFixture fx;

    /** One request that needs the engine; {@code streamed} ones answer with a chunked head, then stay open. */
    record Case(String name, String method, String path, Map<String, String> headers, byte[] body, int status,
                String contains) {
        @Override public String toString() { return name; }
    }

    static List<Case> cases() {
        return List.of(
                rpc("supervisor.getAllProcessInfo", "", "sleeper"),
                rpc("supervisor.getProcessInfo", str("sleeper"), "sleeper"),
                rpc("supervisor.getAllConfigInfo", "", "sleeper"),
                rpc("supervisor.reloadConfig", "", "<array>"),
                rpc("supervisor.readProcessStdoutLog", str("sleeper") + num(0) + num(0), "<string>"),
                rpc("supervisor.tailProcessStdoutLog", str("sleeper") + num(0) + num(100), "<array>"),
                rpc("supervisor.clearProcessLogs", str("sleeper"), "<boolean>1</boolean>"),
                rpc("supervisor.clearAllProcessLogs", "", "<name>status</name>"),
                rpc("supervisor.sendProcessStdin", str("sleeper") + str("hi"), "NOT_RUNNING"),
                rpc("supervisor.readLog", num(0) + num(0), "<string>"),
                rpc("supervisor.clearLog", "", "<boolean>1</boolean>"),
                get("GET /metrics", "/metrics", 200, "corridor_processes"),
                get("GET /api/v1/processes", "/api/v1/processes?fields=namespec", 200, "\"namespec\" : \"sleeper\""),
                get("GET /api/v1/processes/sleeper", "/api/v1/processes/sleeper", 200, "\"namespec\" : \"sleeper\""),
                get("GET /api/v1/groups", "/api/v1/groups", 200, "["),
                get("GET logs", "/api/v1/processes/sleeper/logs/stdout?offset=0", 200, "\"data\""),
                get("GET logs follow", "/api/v1/processes/sleeper/logs/stdout?follow=true", 200, ""),
                get("GET /logtail", "/logtail/sleeper", 200, ""),
                post("POST reread", "/api/v1/config/reread", 200, "\"added\""),
                post("POST update", "/api/v1/config/update", 200, "\"results\""));
    }

    @BeforeEach
    void setUp() throws Exception {
        fx = ServerFixture.standard(dir);
        fx.supervisor.appendLog("sleeper", io.corridor.supervisor.LogChannel.STDOUT, "hello\n");
        java.nio.file.Files.writeString(fx.supervisor.mainLogFile(), "main\n");
    }

    @AfterEach
    void tearDown() {
        fx.supervisor.engineGate = null;
        fx.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void otherClientsAreServedWhileTheEngineAnswers(Case c) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        fx.supervisor.engineWaiting = new CountDownLatch(1);
        fx.supervisor.engineGate = gate;
        try (RawHttp slow = fx.unixClient(); RawHttp other = fx.unixClient()) {
            slow.send(c.method(), c.path(), c.headers(), c.body());
            assertThat(fx.supervisor.engineWaiting.await(20, TimeUnit.SECONDS)).as("the engine was asked").isTrue();

            other.send("POST", "/RPC2", Map.of("Content-Type", "text/xml"), call("supervisor.getPID", ""));
            RawHttp.Response pid = other.readResponse(Duration.ofSeconds(10));
            assertThat(pid.text()).contains("<int>" + ProcessHandle.current().pid() + "</int>");

            gate.countDown();
            RawHttp.Response answer = slow.readResponse(Duration.ofSeconds(20));
            assertThat(answer.status()).isEqualTo(c.status());
            assertThat(answer.text()).contains(c.contains());
        } finally {
            gate.countDown();
            fx.supervisor.engineGate = null;
        }
    }

    private static Case rpc(String method, String params, String contains) {
        return new Case(method, "POST", "/RPC2", Map.of("Content-Type", "text/xml"), call(method, params), 200, contains);
    }

    private static Case get(String name, String path, int status, String contains) {
        return new Case(name, "GET", path, Map.of(), new byte[0], status, contains);
    }

    private static Case post(String name, String path, int status, String contains) {
        return new Case(name, "POST", path, Map.of(), new byte[0], status, contains);
    }

    private static byte[] call(String method, String params) {
        return ("<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName><params>" + params
                + "</params></methodCall>").getBytes(StandardCharsets.UTF_8);
    }

    private static String str(String s) { return "<param><value><string>" + s + "</string></value></param>"; }

    private static String num(int n) { return "<param><value><int>" + n + "</int></value></param>"; }
}
