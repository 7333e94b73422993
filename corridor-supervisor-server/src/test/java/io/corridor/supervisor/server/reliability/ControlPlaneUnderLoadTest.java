package io.corridor.supervisor.server.reliability;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.server.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real engine busy starting a thousand programs ({@code startAllProcesses}, no wait) while every control
 * endpoint is asked at once, each on its own connection: every one must answer, correctly, within a generous bound.
 * A first round before the start warms the JVM (class loading, JIT), so the figures are the engine's, not those. The latencies are printed (the figures in
 * docs/benchmarks.md come from here); the bound only catches a server that stopped answering, not a slow machine.
 * That the Netty thread never waits for the engine is proved deterministically by EngineAnswersDoNotBlockTest.
 */
class ControlPlaneUnderLoadTest {
    private static final int PROGRAMS = 1000;
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir Path dir;

    record Ask(String name, String method, String path, String body, String expect) {}

    @Test
    void everyEndpointAnswersWhileAThousandProgramsStart() throws Exception {
        String programs = """
                [program:busy]
                command=sleep 100000
                process_name=%%(program_name)s_%%(process_num)04d
                numprocs=%d
                startsecs=1
                autostart=false
                """.formatted(PROGRAMS);
        List<Ask> asks = List.of(
                rpc("supervisor.getState", XmlRpc.call("supervisor.getState"), "statename"),
                rpc("supervisor.getAllProcessInfo", XmlRpc.call("supervisor.getAllProcessInfo"), "busy_0999"),
                rpc("supervisor.getProcessInfo", XmlRpc.call("supervisor.getProcessInfo", "busy:busy_0500"), "busy_0500"),
                rpc("supervisor.getAllConfigInfo", XmlRpc.call("supervisor.getAllConfigInfo"), "busy_0999"),
                rpc("supervisor.reloadConfig", XmlRpc.call("supervisor.reloadConfig"), "<array>"),
                rpc("supervisor.readProcessStdoutLog", XmlRpc.call("supervisor.readProcessStdoutLog", "busy:busy_0001", 0, 0), "<string"),
                rpc("supervisor.tailProcessStdoutLog", XmlRpc.call("supervisor.tailProcessStdoutLog", "busy:busy_0001", 0, 100), "<array>"),
                rpc("supervisor.clearProcessLogs", XmlRpc.call("supervisor.clearProcessLogs", "busy:busy_0002"), "<boolean>1</boolean>"),
                rpc("supervisor.sendProcessStdin", XmlRpc.call("supervisor.sendProcessStdin", "busy:busy_0003", "x\n"), "<methodResponse>"),
                rpc("supervisor.readLog", XmlRpc.call("supervisor.readLog", 0, 0), "<string"),
                new Ask("GET /metrics", "GET", "/metrics", "", "corridor_processes"),
                new Ask("GET /api/v1/processes", "GET", "/api/v1/processes?fields=namespec,state", "", "busy:busy_0999"),
                new Ask("GET /api/v1/processes/NAME", "GET", "/api/v1/processes/busy:busy_0500", "", "busy:busy_0500"),
                new Ask("GET /api/v1/groups", "GET", "/api/v1/groups", "", "\"busy\""),
                new Ask("GET logs", "GET", "/api/v1/processes/busy:busy_0001/logs/stdout", "", "\"data\""),
                new Ask("POST reread", "POST", "/api/v1/config/reread", "", "\"added\""),
                new Ask("POST update", "POST", "/api/v1/config/update", "", "\"results\""),
                new Ask("GET /logtail (head)", "GET", "/logtail/busy:busy_0001", "", ""),
                new Ask("GET / (web page)", "GET", "/", "", "busy:busy_0999"),
                new Ask("GET /tail (web page)", "GET", "/tail?name=busy:busy_0001", "", "data-offset"));

        ExecutorService pool = Executors.newFixedThreadPool(asks.size());
        try (LiveServer live = new LiveServer(dir, programs)) {
            for (Ask a : asks) timed(live, a);
            live.engine.startAll(false);
            List<CompletableFuture<Long>> answers = new ArrayList<>();
            for (Ask a : asks) {
                answers.add(CompletableFuture.supplyAsync(() -> timed(live, a), pool));
            }
            Map<String, Long> millis = new LinkedHashMap<>();
            for (int i = 0; i < asks.size(); i++) {
                millis.put(asks.get(i).name(), answers.get(i).get(BOUND.toSeconds() + 10, TimeUnit.SECONDS));
            }
            long notRunning = live.engine.processes().stream().filter(p -> p.state() != ProcessState.RUNNING).count();
            System.out.println("[control plane under load] " + PROGRAMS + " programs starting; answer ms: " + millis
                    + "; not yet RUNNING when all were answered: " + notRunning);
            assertThat(millis.values()).allMatch(ms -> ms < BOUND.toMillis());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Ask rpc(String name, String body, String expect) {
        return new Ask(name, "POST", "/RPC2", body, expect);
    }

    /** Milliseconds from sending to a complete, expected answer. */
    private static long timed(LiveServer live, Ask a) {
        try (RawHttp c = live.client()) {
            long t0 = System.nanoTime();
            c.send(a.method(), a.path(), a.method().equals("POST") && a.path().equals("/RPC2")
                    ? Map.of("Content-Type", "text/xml") : Map.of(), a.body().getBytes(StandardCharsets.UTF_8));
            RawHttp.Response r = c.readResponse(BOUND);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.status()).as(a.name() + ": " + r.text()).isEqualTo(200);
            assertThat(r.text()).as(a.name()).contains(a.expect());
            return ms;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(a.name(), e);
        }
    }
}
