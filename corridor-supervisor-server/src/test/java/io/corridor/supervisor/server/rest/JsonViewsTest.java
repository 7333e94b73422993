package io.corridor.supervisor.server.rest;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonViewsTest {
    private static Map<String, Object> aProcess() {
        // with every extra asked for: the stop-by-hand time and the tree's resources come after the snapshot's fields
        return JsonViews.process(new ProcessInfo("web", "web", "pid 7, uptime 0:00:01", 1, 0, 2, ProcessState.RUNNING,
                "", 0, "/tmp/web.log", "", 7), new JsonViews.Extras(List.of(), Map.of(), true, true));
    }

    @Test
    void theListOfFieldsNamesEveryFieldOfTheViewInItsOrder() {
        assertThat(List.copyOf(aProcess().keySet())).isEqualTo(JsonViews.PROCESS_FIELDS);
    }

    @Test
    void selectKeepsTheViewsOrderAndRowKeepsTheAskedOrder() {
        assertThat(List.copyOf(JsonViews.select(aProcess(), List.of("stateCode", "name")).keySet()))
                .isEqualTo(List.of("name", "stateCode"));
        assertThat(JsonViews.row(aProcess(), List.of("stateCode", "name"))).isEqualTo(List.of(20, "web"));
    }
}
