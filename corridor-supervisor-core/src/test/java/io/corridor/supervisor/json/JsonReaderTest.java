package io.corridor.supervisor.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {
    private static Object read(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return JsonReader.read(utf8, utf8.length);
    }

    @Test
    void readsEveryKindOfValue() {
        Object v = read(" {\"signal\" : \"HUP\", \"n\": -12, \"big\": 12345678901234567890, \"x\": 1.5e3,"
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
            byte[] json = JsonWriter.write(m, pretty);
            assertThat(JsonReader.read(json, json.length)).isEqualTo(m);
        }
    }

    @Test
    void readsWhatTheRestApiAnswersAsJacksonReadsIt() throws Exception {
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("namespec", "grp:caf\u00e9 \"x\"\n\t/\\ 日本 😀");
        process.put("stateCode", 20);
        process.put("ratio", -1.5e2);
        process.put("gone", null);
        process.put("nested", Map.of("a", List.of(), "b", List.of(List.of("grp", "web", 20, true))));
        for (var writer : List.of(new ObjectMapper().writer(), new ObjectMapper().writerWithDefaultPrettyPrinter())) {
            byte[] bytes = writer.writeValueAsBytes(List.of(process, Map.of(), "\u0001\u2028"));
            assertThat(JsonReader.read(bytes, bytes.length)).isEqualTo(new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS).readValue(bytes, List.class));
        }
    }

    @Test
    void readsTheFirstLengthBytesInPlace() {
        byte[] buffer = "[\"é\", 1]garbage past the length".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonReader.read(buffer, 9)).isEqualTo(List.of("é", 1L));
        assertThatThrownBy(() -> JsonReader.read(buffer, 8)).isInstanceOf(JsonSyntaxException.class)
                .hasMessage("expected ',' or ']' at offset 8, found the end of the input");
        assertThatThrownBy(() -> JsonReader.read(buffer, buffer.length + 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void integersBeyondALongAreDoubles() {
        assertThat(read("[999999999999999999, -999999999999999999, 9223372036854775807, -9223372036854775808, -0]"))
                .isEqualTo(List.of(999999999999999999L, -999999999999999999L, Long.MAX_VALUE, Long.MIN_VALUE, 0L));
        assertThat(read("9223372036854775808")).isEqualTo(9.223372036854775808E18);
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
        assertRefused("\"a\\nb", "expected a closing '\"' at offset 5");
        assertRefused("[1,", "expected a value at offset 3");
        assertRefused("[1] 2", "expected end of input at offset 4, found '2'");
        assertRefused("<html>", "expected a value at offset 0, found '<'");
        assertRefused("[\"\\u-001\"]", "expected four hex digits at offset 4");
        assertRefused("\"\\u12", "expected four hex digits at offset 5, found the end of the input");
        assertRefused("+1", "expected a value at offset 0");
        assertRefused("\u00e9", "expected a value at offset 0, found byte 0xc3");
        assertRefused("\"é\u0001\"", "no control character in a string at offset 3");
    }

    @Test
    void nestingIsBoundedSoAHostileBodyCannotExhaustTheStack() {
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertThat(read(ok)).isInstanceOf(List.class);
        assertRefused("[".repeat(200_000) + "]".repeat(200_000), "expected at most 64 levels of nesting at offset 64");
        assertRefused("{\"a\":".repeat(100) + "1" + "}".repeat(100), "levels of nesting");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> read(text)).isInstanceOf(JsonSyntaxException.class).hasMessageContaining(message);
    }
}
