package io.corridor.supervisor.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.SupervisorState;
import io.corridor.supervisor.config.GroupSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST/JSON API over the Unix socket, answers parsed back with Jackson. */
class RestApiTest {
    private final ObjectMapper json = new ObjectMapper();
    @TempDir Path dir;
    private ServerFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = ServerFixture.standard(dir);
        fx.supervisor.force("sleeper", ProcessState.RUNNING);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private record Answer(int status, JsonNode body) { }

    private Answer call(String method, String path, String body) throws IOException {
        try (RawHttp c = fx.unixClient()) {
            var r = c.request(method, path, body == null ? Map.of() : Map.of("Content-Type", "application/json"),
                    body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            return new Answer(r.status(), json.readTree(r.body()));
        }
    }

    @Test
    void lists_and_reads_processes_groups_and_the_supervisor() throws Exception {
        var list = call("GET", "/api/v1/processes", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().findValuesAsText("namespec")).containsExactly("grp:a", "grp:b", "manual", "sleeper");
        var one = call("GET", "/api/v1/processes/sleeper", null).body();
        assertThat(one.get("state").asText()).isEqualTo("RUNNING");
        assertThat(one.get("stateCode").asInt()).isEqualTo(20);
        assertThat(one.get("pid").asLong()).isEqualTo(fx.supervisor.proc("sleeper").pid);
        assertThat(one.get("description").asText()).startsWith("pid ");
        assertThat(call("GET", "/api/v1/processes/grp:a", null).body().get("group").asText()).isEqualTo("grp");

        var groups = call("GET", "/api/v1/groups", null).body();
        assertThat(groups.findValuesAsText("name")).contains("sleeper", "manual", "grp");
        var sup = call("GET", "/api/v1/supervisor", null).body();
        assertThat(sup.get("state").asText()).isEqualTo("RUNNING");
        assertThat(sup.get("version").asText()).isEqualTo("0.1.0");
        assertThat(sup.get("identification").asText()).isEqualTo("supervisor");
        assertThat(sup.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void fields_select_what_a_process_answer_holds_and_pretty_false_answers_compact_json() throws Exception {
        try (RawHttp c = fx.unixClient()) {
            var r = c.request("GET", "/api/v1/processes?fields=name,stateCode,description&pretty=false", Map.of(),
                    new byte[0]);
            assertThat(r.status()).isEqualTo(200);
            String text = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(text).doesNotContain("\n  ").startsWith("[{\"name\":\"a\",\"stateCode\":");
            JsonNode sleeper = json.readTree(text).get(3);
            assertThat(sleeper.properties()).extracting(Map.Entry::getKey)
                    .containsExactly("name", "stateCode", "description");
            assertThat(sleeper.get("stateCode").asInt()).isEqualTo(20);
        }
        var one = call("GET", "/api/v1/processes/sleeper?fields=state", null);
        assertThat(one.body().size()).isEqualTo(1);
        assertThat(one.body().get("state").asText()).isEqualTo("RUNNING");

        var rows = call("GET", "/api/v1/processes?fields=stateCode,name&rows=true", null).body();
        assertThat(rows.size()).isEqualTo(4);
        assertThat(rows.get(3).toString()).isEqualTo("[20,\"sleeper\"]");
        assertThat(call("GET", "/api/v1/processes?rows=true", null).status()).isEqualTo(400);

        var unknown = call("GET", "/api/v1/processes?fields=name,colour", null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("message").asText()).contains("unknown field 'colour'", "stateCode");
    }

    @Test
    void actions_and_their_errors() throws Exception {
        var started = call("POST", "/api/v1/processes/manual/start", null);
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.body().get("state").asText()).isEqualTo("RUNNING");
        var again = call("POST", "/api/v1/processes/manual/start", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("error").asText()).isEqualTo("ALREADY_STARTED");
        assertThat(again.body().get("message").asText()).isEqualTo("ALREADY_STARTED: manual");

        var restarted = call("POST", "/api/v1/processes/manual/restart", null);
        assertThat(restarted.status()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/processes/manual/stop", null).body().get("state").asText()).isEqualTo("STOPPED");
        assertThat(call("POST", "/api/v1/processes/manual/stop", null).status()).isEqualTo(409);
        var restartStopped = call("POST", "/api/v1/processes/manual/restart", null);
        assertThat(restartStopped.body().get("state").asText()).isEqualTo("RUNNING");

        var missing = call("POST", "/api/v1/processes/nosuch/start", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("error").asText()).isEqualTo("BAD_NAME");

        assertThat(call("POST", "/api/v1/processes/sleeper/signal", "{\"signal\":\"HUP\"}").status()).isEqualTo(200);
        assertThat(fx.supervisor.proc("sleeper").signals).containsExactly("SIGHUP");
        var badSignal = call("POST", "/api/v1/processes/sleeper/signal", "{\"signal\":\"NOPE\"}");
        assertThat(badSignal.status()).isEqualTo(400);
        assertThat(badSignal.body().get("error").asText()).isEqualTo("BAD_SIGNAL");
        var badJson = call("POST", "/api/v1/processes/sleeper/signal", "{not json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.body().get("error").asText()).isEqualTo("BAD_REQUEST");

        var group = call("POST", "/api/v1/groups/grp/start", null);
        assertThat(group.body().findValuesAsText("namespec")).containsExactly("grp:a", "grp:b");
        assertThat(group.body().findValuesAsText("status")).containsExactly("SUCCESS", "SUCCESS");
        assertThat(call("POST", "/api/v1/groups/grp/stop", null).status()).isEqualTo(200);
        var restartMissing = call("POST", "/api/v1/processes/nosuch/restart", null);
        assertThat(restartMissing.status()).isEqualTo(404);
        assertThat(restartMissing.body().get("message").asText()).isEqualTo("BAD_NAME: nosuch");
        var restartAll = call("POST", "/api/v1/supervisor/restart-all", null);
        assertThat(restartAll.status()).isEqualTo(200);
        assertThat(restartAll.body().findValuesAsText("status")).containsOnly("SUCCESS").hasSize(4);
        assertThat(call("POST", "/api/v1/groups/nosuch/restart", null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/processes/manual/start", null).status()).isEqualTo(405);
        assertThat(call("GET", "/api/v1/nothing", null).status()).isEqualTo(404);
    }

    @Test
    void a_start_with_wait_false_answers_before_the_process_is_running() throws Exception {
        // held until after the answer: a 2 s timer could run out first on a loaded machine
        var held = new java.util.concurrent.CompletableFuture<Void>();
        fx.supervisor.proc("manual").startHeld = held;
        var r = call("POST", "/api/v1/processes/manual/start?wait=false", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("state").asText()).isEqualTo("STARTING");
        held.complete(null);
        Wait.until(() -> fx.supervisor.proc("manual").state == ProcessState.RUNNING, Duration.ofSeconds(10));
    }

    @Test
    void reread_update_logs_and_follow() throws Exception {
        assertThat(call("POST", "/api/v1/config/reread", null).body().toString())
                .isEqualTo("{\"added\":[],\"changed\":[],\"removed\":[]}");
        List<GroupSpec> next = new ArrayList<>(ServerFixture.standardGroups(dir));
        next.add(TestConfigs.group("newprog", 999, dir));
        fx.supervisor.setPending(TestConfigs.config(dir, Optional.empty(), Optional.empty(), next));
        var update = call("POST", "/api/v1/config/update", null).body();
        assertThat(update.at("/diff/added/0").asText()).isEqualTo("newprog");
        assertThat(update.at("/results/0/action").asText()).isEqualTo("added");
        assertThat(update.at("/results/0/ok").asBoolean()).isTrue();
        assertThat(fx.supervisor.proc("newprog")).isNotNull();

        fx.supervisor.appendLog("sleeper", LogChannel.STDOUT, "0123456789");
        assertThat(call("GET", "/api/v1/processes/sleeper/logs/stdout?offset=2&length=3", null).body().get("data").asText()).isEqualTo("234");
        assertThat(call("GET", "/api/v1/processes/sleeper/logs/stdout", null).body().get("data").asText()).isEqualTo("0123456789");
        var noFile = call("GET", "/api/v1/processes/sleeper/logs/stderr", null);
        assertThat(noFile.status()).isEqualTo(404);
        assertThat(noFile.body().get("error").asText()).isEqualTo("NO_FILE");
        assertThat(call("GET", "/api/v1/processes/sleeper/logs/stdout?offset=x", null).status()).isEqualTo(400);

        try (RawHttp c = fx.unixClient()) {
            c.send("GET", "/api/v1/processes/sleeper/logs/stdout?follow=true", Map.of(), new byte[0]);
            var head = c.readResponse(Duration.ofSeconds(10));
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            c.readUntil("0123456789", Duration.ofSeconds(10));
            fx.supervisor.appendLog("sleeper", LogChannel.STDOUT, "more\n");
            c.readUntil("more\n", Duration.ofSeconds(10));
        }
    }

    @Test
    void shutdown_and_reload() throws Exception {
        assertThat(call("POST", "/api/v1/supervisor/reload", null).status()).isEqualTo(200);
        assertThat(fx.supervisor.restarts).isEqualTo(1);
        assertThat(call("POST", "/api/v1/supervisor/shutdown", null).status()).isEqualTo(200);
        assertThat(fx.supervisor.state()).isEqualTo(SupervisorState.SHUTDOWN);
        var refused = call("GET", "/api/v1/processes", null);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().get("error").asText()).isEqualTo("SHUTDOWN_STATE");
        assertThat(call("GET", "/api/v1/supervisor", null).body().get("state").asText()).isEqualTo("SHUTDOWN");
    }
}
