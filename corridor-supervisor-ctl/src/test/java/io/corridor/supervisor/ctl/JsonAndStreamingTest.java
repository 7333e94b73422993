package io.corridor.supervisor.ctl;

import io.corridor.supervisor.ctl.rpc.SupervisorClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --json} documents parsed back, {@code tail -f} streaming, and quiet ends on a closed stdout. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonAndStreamingTest {
    /** corridorctl's own JSON reader, the one its REST path uses, reads back what {@code --json} printed. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return (Map<String, Object>) io.corridor.supervisor.json.JsonReader.read(bytes, bytes.length);
    }

    private SupervisordFixture server;
    private String conf;

    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        SupervisordFixture.assumeToolsPresent();
        server = SupervisordFixture.start(dir);
        conf = server.config.toString();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusJsonListsEveryProcessWithTheSameExitStatusAsText() {
        CtlRun run = CtlRun.corridorctl("--json", "-c", conf, "status");
        Map<String, Object> doc = json(run.out().strip());
        List<Map<String, Object>> processes = (List<Map<String, Object>>) doc.get("processes");
        assertThat(processes).extracting(p -> p.get("namespec")).containsExactly("grp:manual", "oneshot", "quick",
                "sleeper", "worker:worker_00", "worker:worker_01");
        assertThat(processes).extracting(p -> p.get("statename")).containsExactly("STOPPED", "EXITED", "FATAL",
                "RUNNING", "RUNNING", "RUNNING");
        assertThat((Long) processes.get(3).get("pid")).isPositive();
        if (System.getProperty(SupervisordFixture.SERVER_PROPERTY) != null) {
            // corridor-supervisord: its own fields beside getAllProcessInfo's — the running sleeper's tree is measured
            assertThat(processes.get(3)).containsKeys(SupervisorClient.CORRIDOR_FIELDS.toArray(String[]::new));
            assertThat((Long) processes.get(3).get("treeRssBytes")).isPositive();
            assertThat((Long) processes.get(3).get("treeProcesses")).isPositive();
            assertThat(processes.get(0).get("treeRssBytes")).isEqualTo(0L); // grp:manual is not running
        } else {
            assertThat(processes.get(3)).doesNotContainKey("treeRssBytes"); // supervisord has no such fields
        }
        assertThat(run.exitStatus()).isEqualTo(3).isEqualTo(doc.get("exit_status") instanceof Long l ? l.intValue() : -1);
        assertThat(run.out().lines()).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusJsonReportsUnknownNamesAsErrors() {
        CtlRun run = CtlRun.corridorctl("-c", conf, "--json", "status", "sleeper", "nosuch");
        Map<String, Object> doc = json(run.out());
        assertThat((List<Object>) doc.get("processes")).hasSize(1);
        assertThat(doc.get("errors")).isEqualTo(List.of("nosuch: ERROR (no such process)"));
        assertThat(run.exitStatus()).isEqualTo(4);
    }

    @Test
    @SuppressWarnings("unchecked")
    void pidAvailVersionTailRereadJson() {
        assertThat((Long) json(CtlRun.corridorctl("--json", "-c", conf, "pid").out()).get("pid"))
                .isPositive();
        Map<String, Object> pids = json(CtlRun.corridorctl("--json", "-c", conf, "pid", "all").out());
        assertThat((List<Object>) pids.get("processes")).hasSize(6);

        Map<String, Object> avail = json(CtlRun.corridorctl("--json", "-c", conf, "avail").out());
        Map<String, Object> manual = ((List<Map<String, Object>>) avail.get("processes")).getFirst();
        assertThat(manual).containsEntry("namespec", "grp:manual").containsEntry("inuse", true)
                .containsEntry("autostart", false).containsEntry("group_priority", 100L);

        Map<String, Object> version = json(CtlRun.corridorctl("--json", "-c", conf, "version").out());
        // the server's own version: supervisord's, or corridor's (docs/api.md)
        String serverVersion = CtlRun.corridorctl("-c", conf, "version").out().strip();
        assertThat(version).containsEntry("version", serverVersion).containsEntry("api_version", "3.0");
        assertThat(serverVersion).matches("\\d+\\.\\d+\\.\\d+.*");

        Map<String, Object> tail = json(CtlRun.corridorctl("--json", "-c", conf, "tail", "quick",
                "stderr").out());
        assertThat(tail).containsEntry("name", "quick").containsEntry("channel", "stderr");
        assertThat((String) tail.get("text")).contains("err\n");

        Map<String, Object> reread = json(CtlRun.corridorctl("--json", "-c", conf, "reread").out());
        assertThat(reread).containsEntry("added", List.of()).containsEntry("changed", List.of())
                .containsEntry("removed", List.of());
    }

    @Test
    @SuppressWarnings("unchecked")
    void startStopSignalResultsAsJson() throws Exception {
        Map<String, Object> start = json(CtlRun.corridorctl("--json", "-c", conf, "start", "grp:*",
                "nosuch").out());
        assertThat((List<Map<String, Object>>) start.get("results"))
                .extracting(r -> r.get("namespec") + " " + r.get("ok") + " " + r.get("result"))
                .containsExactly("grp:manual true started", "nosuch false no such process");
        assertThat(start).containsEntry("exit_status", 1L);

        Map<String, Object> signal = json(CtlRun.corridorctl("--json", "-c", conf, "signal", "CONT",
                "grp:manual").out());
        assertThat((List<Map<String, Object>>) signal.get("results")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("result", "signalled").containsEntry("status", 80L));

        CtlRun stop = CtlRun.corridorctl("--json", "-c", conf, "stop", "grp:manual");
        assertThat((List<Map<String, Object>>) json(stop.out()).get("results")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("action", "stop").containsEntry("result", "stopped"));
        assertThat(stop.exitStatus()).isZero();
        server.awaitSettled();
    }

    @Test
    void tailFollowStreamsUntilStdoutCloses() throws Exception {
        // stdout that "closes" (like a pipe whose reader went away) once the log content has arrived
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        OutputStream closingPipe = new OutputStream() {
            @Override
            public synchronized void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
                if (seen.toString(StandardCharsets.UTF_8).contains("err\n")) {
                    throw new IOException("Broken pipe");
                }
                seen.write(b, off, len);
            }
        };
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(
                new String[]{"-c", conf, "tail", "-f", "quick", "stderr"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(closingPipe, false, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of(), null));
        // the follower only notices the closed pipe on its next write: make the log grow
        SupervisordFixture.await("the tail to show the log", () -> seen.toString(StandardCharsets.UTF_8).contains("err\n"));
        for (int i = 0; i < 3 && !run.isDone(); i++) {
            CtlRun.corridorctl("-c", conf, "start", "quick");
        }
        assertThat(run.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(seen.toString(StandardCharsets.UTF_8)).startsWith("==> Press Ctrl-C to exit <==\n")
                .contains("err\n");
    }

    @Test
    void statusIntoAClosedPipeEndsQuietly() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        int status = Main.run(new String[]{"-c", conf, "status"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(closed, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), null);
        assertThat(status).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
