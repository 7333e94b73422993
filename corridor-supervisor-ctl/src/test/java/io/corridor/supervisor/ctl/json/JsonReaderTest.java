package io.corridor.supervisor.ctl.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {

    private static Object read(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JsonReader.read(bytes, bytes.length);
    }

    @Test
    void readsWhatTheRestApiAnswers() {
        Object value = read("""
                [ {"name":"web","stateCode":20,"description":"pid 7, uptime 0:00:01","ok":true,"gone":null},
                  {"name":"caf\\u00e9 \\"x\\"\\n\\t/\\\\ é","ratio":-1.5e2,"nested":{"a":[]},"empty":{}} ]
                """);
        assertThat(value).isInstanceOf(List.class);
        List<?> list = (List<?>) value;
        Map<?, ?> web = (Map<?, ?>) list.get(0);
        assertThat(List.copyOf(web.keySet())).isEqualTo(List.of("name", "stateCode", "description", "ok", "gone"));
        assertThat(web.get("stateCode")).isEqualTo(20L);
        assertThat(web.get("description")).isEqualTo("pid 7, uptime 0:00:01");
        assertThat(web.get("ok")).isEqualTo(true);
        assertThat(web.containsKey("gone")).isTrue();
        Map<?, ?> second = (Map<?, ?>) list.get(1);
        assertThat(second.get("name")).isEqualTo("café \"x\"\n\t/\\ é");
        assertThat(second.get("ratio")).isEqualTo(-150.0);
        assertThat(second.get("nested")).isEqualTo(Map.of("a", List.of()));
        assertThat(second.get("empty")).isEqualTo(Map.of());
        assertThat(read("[".repeat(64) + "]".repeat(64))).isInstanceOf(List.class);
        assertThat(read("\"\\ud83d\\ude00\"")).isEqualTo("\ud83d\ude00");
    }

    @Test
    void refusesWhatIsNotOneJsonValue() {
        for (String bad : List.of("", "[1,", "{\"a\" 1}", "[1] 2", "\"open", "tru", "{\"a\":\"\\q\"}", "<html>",
                "[\"\\u-001\"]", "[".repeat(65) + "]".repeat(65))) {
            assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("malformed JSON");
        }
    }
}
