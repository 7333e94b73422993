package io.corridor.supervisor.server.reliability;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.reliability.Proc;
import io.corridor.supervisor.server.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST resources of one process's tree, measured for that process alone (the engine measures only its tree),
 * and those of every process in the list: real children, real /proc or cgroup figures.
 */
class ProcessResourcesTest {
    @TempDir Path dir;

    @Test
    void oneProcessAnswersWithItsOwnTreeAndTheListWithEveryTree() throws Exception {
        String programs = """
                [program:one]
                command=sh -c 'sleep 100000 & sleep 100000 & wait'
                startsecs=0

                [program:two]
                command=sleep 100000
                startsecs=0
                """;
        try (LiveServer live = new LiveServer(dir, programs)) {
            Proc.await("both RUNNING", () -> live.engine.processes().stream()
                    .filter(p -> p.state() == ProcessState.RUNNING).count() == 2, Duration.ofSeconds(20));
            // the shell forks its two sleeps after it is RUNNING: wait until the tree has all three
            Proc.await("one's tree has its shell and two sleeps",
                    () -> treeProcesses(get(live, "/api/v1/processes/one")) == 3, Duration.ofSeconds(20));

            String one = get(live, "/api/v1/processes/one:one");
            assertThat(treeProcesses(one)).isEqualTo(3);
            assertThat(number(one, "treeRssBytes")).isPositive();
            String two = get(live, "/api/v1/processes/two");
            assertThat(treeProcesses(two)).isEqualTo(1);
            assertThat(number(two, "treeRssBytes")).isPositive();

            String list = get(live, "/api/v1/processes?fields=namespec,treeProcesses&pretty=false");
            assertThat(list).containsPattern("\\{[^}]*\"namespec\":\"one\"[^}]*\"treeProcesses\":3[^}]*}")
                    .containsPattern("\\{[^}]*\"namespec\":\"two\"[^}]*\"treeProcesses\":1[^}]*}");
        }
    }

    private static String get(LiveServer live, String path) {
        try (RawHttp c = live.client()) {
            c.send("GET", path, Map.of(), new byte[0]);
            RawHttp.Response r = c.readResponse(Duration.ofSeconds(30));
            assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(200);
            return r.text();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(path, e);
        }
    }

    private static long treeProcesses(String json) {
        return number(json, "treeProcesses");
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as(field + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
