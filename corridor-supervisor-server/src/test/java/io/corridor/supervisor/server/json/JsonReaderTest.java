package io.corridor.supervisor.server.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {
    @Test
    void readsEveryKindOfValue() {
        Object v = JsonReader.read(" {\"signal\" : \"HUP\", \"n\": -12, \"big\": 12345678901234567890, \"x\": 1.5e3,"
                + " \"ok\": true, \"no\": false, \"none\": null, \"list\": [ 1, [], {} ], \"esc\": \"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\" }\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("signal", "HUP");
        expected.put("n", -12L);
        expected.put("big", 1.2345678901234567E19);
        expected.put("x", 1500.0);
        expected.put("ok", true);
        expected.put("no", false);
        expected.put("none", null);
        expected.put("list", List.of(1L, List.of(), Map.of()));
        expected.put("esc", "a\"b\\c/d\n\té😀");
        assertThat(v).isEqualTo(expected);
        assertThat(List.<Object>copyOf(((Map<?, ?>) v).keySet())).containsExactlyElementsOf(expected.keySet());
    }

    @Test
    void readsBackWhatTheWriterWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "line\nquote\" \u0001 é");
        m.put("l", Arrays.asList(1L, 2.5, null, true, List.of("x")));
        for (boolean pretty : new boolean[] {false, true}) {
            assertThat(JsonReader.read(JsonWriter.write(m, pretty))).isEqualTo(m);
        }
    }

    @Test
    void theMethodHelpResourceReadsAsJacksonReadsIt() throws Exception {
        byte[] bytes;
        try (var in = io.corridor.supervisor.server.xmlrpc.XmlRpcDispatcher.class.getResourceAsStream("method-help.json")) {
            bytes = in.readAllBytes();
        }
        assertThat(JsonReader.read(bytes)).isEqualTo(new ObjectMapper().readValue(bytes, Map.class));
    }

    @Test
    void refusesWhatIsNotJsonSayingWhereAndWhat() {
        assertRefused("", "expected a value at offset 0, found the end of the input");
        assertRefused("{\"signal\": ", "expected a value at offset 11, found the end of the input");
        assertRefused("{not json", "expected a string key at offset 1, found 'n'");
        assertRefused("{\"a\" 1}", "expected ':' at offset 5");
        assertRefused("[1 2]", "expected ',' or ']' at offset 3");
        assertRefused("{\"a\":1,}", "expected a string key at offset 7");
        assertRefused("{} x", "expected end of input at offset 3");
        assertRefused("\"tab\tinside\"", "expected no control character in a string at offset 4");
        assertRefused("\"\\x\"", "expected an escape");
        assertRefused("\"\\u12g4\"", "expected four hex digits");
        assertRefused("01", "expected end of input at offset 1");
        assertRefused("-", "expected a digit");
        assertRefused("1.", "expected a digit");
        assertRefused("tru", "expected a value at offset 0");
        assertRefused("\"open", "expected a closing '\"'");
    }

    @Test
    void nestingIsBoundedSoAHostileBodyCannotExhaustTheStack() {
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertThat(JsonReader.read(ok)).isInstanceOf(List.class);
        assertRefused("[".repeat(200_000) + "]".repeat(200_000), "expected at most 64 levels of nesting at offset 64");
        assertRefused("{\"a\":".repeat(100) + "1" + "}".repeat(100), "levels of nesting");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> JsonReader.read(text)).isInstanceOf(JsonSyntaxException.class).hasMessageContaining(message);
    }
}
