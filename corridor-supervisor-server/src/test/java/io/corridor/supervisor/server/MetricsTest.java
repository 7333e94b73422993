package io.corridor.supervisor.server;

import io.corridor.supervisor.ProcessState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} parsed line by line as Prometheus text. */
class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");
    @TempDir Path dir;

    /** series ("name{labels}" with labels sorted as printed) → value; comments checked for shape. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> series = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                assertThat(line).matches("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            series.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return series;
    }

    @Test
    void process_and_server_series() throws Exception {
        try (ServerFixture fx = ServerFixture.standard(dir)) {
            fx.supervisor.force("sleeper", ProcessState.RUNNING);
            fx.supervisor.proc("grp:a").exitStatus = 3;          // not in exitcodes
            fx.supervisor.force("grp:a", ProcessState.EXITED);
            fx.supervisor.force("grp:a", ProcessState.STARTING);   // an automatic restart
            fx.supervisor.force("grp:b", ProcessState.BACKOFF);
            fx.supervisor.force("grp:b", ProcessState.FATAL);
            fx.supervisor.exits.put("grp:a", Map.of(io.corridor.supervisor.ExitReason.FAILED, 1L));
            fx.supervisor.exits.put("grp:b", Map.of(io.corridor.supervisor.ExitReason.START_FAILED, 4L));
            try (RawHttp c = fx.unixClient()) {
                c.post("/RPC2", "text/xml", "<methodCall><methodName>supervisor.nosuch</methodName></methodCall>", null);
                c.get("/api/v1/processes", null);
                var r = c.get("/metrics", null);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("Content-Type")).startsWith("text/plain; version=0.0.4");
                Map<String, Double> s = parse(r.text());
                assertThat(s).containsEntry("corridor_process_state{group=\"sleeper\",name=\"sleeper\"}", 20.0)
                        .containsEntry("corridor_process_up{group=\"sleeper\",name=\"sleeper\"}", 1.0)
                        .containsEntry("corridor_process_up{group=\"manual\",name=\"manual\"}", 0.0)
                        .containsEntry("corridor_process_state{group=\"grp\",name=\"b\"}", 200.0)
                        .containsEntry("corridor_process_restarts_total{group=\"grp\",name=\"a\"}", 1.0)
                        .containsEntry("corridor_process_spawn_failures_total{group=\"grp\",name=\"b\"}", 1.0)
                        .containsEntry("corridor_process_exits_total{group=\"grp\",name=\"b\",reason=\"start_failed\"}", 4.0)
                        .containsEntry("corridor_process_exits_total{group=\"grp\",name=\"a\",reason=\"failed\"}", 1.0)
                        .containsEntry("corridor_process_memory_rss_bytes{group=\"sleeper\",name=\"sleeper\"}", 0.0)
                        .containsEntry("corridor_processes{state=\"RUNNING\"}", 1.0)
                        .containsEntry("corridor_processes{state=\"STOPPED\"}", 1.0)
                        .containsEntry("corridor_control_requests_total{interface=\"rpc\"}", 1.0)
                        .containsEntry("corridor_control_errors_total{interface=\"rpc\"}", 1.0)
                        .containsEntry("corridor_control_requests_total{interface=\"rest\"}", 1.0)
                        .containsEntry("corridor_supervisor_state", 1.0);
                assertThat(s).containsKey("corridor_process_uptime_seconds{group=\"sleeper\",name=\"sleeper\"}");
            }
        }
    }

    @Test
    void tree_figures_count_only_for_the_spawn_they_were_measured_for() throws Exception {
        try (ServerFixture fx = ServerFixture.standard(dir)) {
            fx.supervisor.force("sleeper", ProcessState.RUNNING);
            long measured = fx.supervisor.proc("sleeper").pid;
            fx.supervisor.usage.add(new io.corridor.supervisor.ProcessUsage("sleeper", measured, 2, 4096, 1.5, 0));
            String rss = "corridor_process_memory_rss_bytes{group=\"sleeper\",name=\"sleeper\"}";
            String cpu = "corridor_process_cpu_seconds{group=\"sleeper\",name=\"sleeper\"}";
            String tree = "corridor_process_tree_processes{group=\"sleeper\",name=\"sleeper\"}";
            try (RawHttp c = fx.unixClient()) {
                assertThat(parse(c.get("/metrics", null).text()))
                        .containsEntry(rss, 4096.0).containsEntry(cpu, 1.5).containsEntry(tree, 2.0);
                // restarted: a new pid, and the figures (kept for the next scrapes, or measured again, as the fake
                // still answers them) belong to the spawn before
                fx.supervisor.force("sleeper", ProcessState.STOPPED);
                fx.supervisor.force("sleeper", ProcessState.RUNNING);
                assertThat(fx.supervisor.proc("sleeper").pid).isNotEqualTo(measured);
                assertThat(parse(c.get("/metrics", null).text()))
                        .containsEntry(rss, 0.0).containsEntry(cpu, 0.0).containsEntry(tree, 0.0);
            }
        }
    }
}
