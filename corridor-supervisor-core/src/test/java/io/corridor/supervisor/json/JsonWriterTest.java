package io.corridor.supervisor.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JsonWriter replaced Jackson in the server: its bytes must be Jackson's, compact and pretty, for every REST shape. */
class JsonWriterTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static void sameAsJackson(Object value) throws Exception {
        assertThat(text(JsonWriter.write(value, false))).isEqualTo(JACKSON.writeValueAsString(value));
        assertThat(text(JsonWriter.write(value, true))).isEqualTo(JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void scalars() throws Exception {
        for (Object v : Arrays.asList(null, "", "plain", true, false, 0, -7, Long.MAX_VALUE, Long.MIN_VALUE, 0.0, -0.0,
                1.5, 0.1, 1e21, 1.0E-7, 123456789.125, Double.MAX_VALUE, Double.MIN_VALUE, 3.25f, Double.NaN,
                Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
            sameAsJackson(v);
        }
    }

    @Test
    void stringsEscapedAsJacksonDoes() throws Exception {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x80; c++) every.append(c);
        sameAsJackson(every.toString());
        sameAsJackson("quote \" backslash \\ slash / tab \t newline \n é ü € 日本 😀 \u2028 \u007f");
        sameAsJackson(Map.of("key with \"quotes\"\n", "v"));
        sameAsJackson("é".repeat(3000) + "😀".repeat(3000)); // past the first buffer size
        assertThat(text(JsonWriter.write("a\ud800b", false))).as("a lone surrogate, as String.getBytes writes it").isEqualTo("\"a?b\"");
    }

    @Test
    void nestedShapesOfTheRestApi() throws Exception {
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("namespec", "grp:web_00");
        process.put("state", "RUNNING");
        process.put("stateCode", 20);
        process.put("pid", 4242L);
        process.put("exitStatus", 0);
        process.put("spawnError", "");
        process.put("treeCpuSeconds", 0.25);
        process.put("stoppedByHand", 0L);
        Map<String, Object> other = new LinkedHashMap<>(process);
        other.put("namespec", "grp:web_01");
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "grp");
        group.put("priority", 999);
        group.put("processes", List.of(process, other));
        group.put("none", List.of());
        group.put("empty", Map.of());
        group.put("rows", List.of(List.of("grp", "web_00", "RUNNING", 20), List.of(), List.of(List.of(1, 2), Map.of())));
        group.put("nothing", null);
        sameAsJackson(group);
        sameAsJackson(List.of(group, List.of(Map.of("a", List.of(Map.of("b", 1)))), "x"));
        sameAsJackson(List.of());
        sameAsJackson(Map.of());
        List<Object> deep = new ArrayList<>();
        Object v = 1;
        for (int i = 0; i < 20; i++) v = i % 2 == 0 ? List.of(v, i) : Map.of("k" + i, v);
        deep.add(v);
        sameAsJackson(deep);
    }

    @Test
    void bytesAsBase64AsJacksonWritesThem() throws Exception {
        sameAsJackson(Map.of("raw", new byte[] {0, 1, 2, (byte) 0xff, 'h', 'i'}, "none", new byte[0]));
    }

    @Test
    void refusesWhatItCannotWrite() {
        assertThatThrownBy(() -> JsonWriter.write(List.of(new Object()), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }

    /** corridorctl --json documents (docs/ctl.md): the form its tests and users' scripts read, unchanged. */
    @Test
    void forScriptsEscapesEveryControlCharacterAndTheJavaScriptLineBreaks() {
        assertThat(text(JsonWriter.writeForScripts("\u0000\u0001\b\f\u001b[1m\u001f \" \\ / \n\r\t\u007f é 日本 😀 \u2028\u2029 a\ud800b")))
                .isEqualTo("\"\\u0000\\u0001\\u0008\\u000c\\u001b[1m\\u001f \\\" \\\\ / \\n\\r\\t\u007f é 日本 😀 \\u2028\\u2029 a?b\"");
    }

    @Test
    void forScriptsWritesEveryValueCompactly() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("processes", List.of(Map.of("namespec", "web"), List.of()));
        document.put("empty", Map.of());
        document.put("numbers", Arrays.asList(1, -2L, 0.25, 1e21, Double.NaN, Double.POSITIVE_INFINITY, Float.NaN, null));
        document.put("ok", true);
        document.put("raw", "hi".getBytes(StandardCharsets.US_ASCII));
        document.put("other", java.time.Duration.ofSeconds(5));
        document.put(null, false);
        assertThat(text(JsonWriter.writeForScripts(document))).isEqualTo("{\"processes\":[{\"namespec\":\"web\"},[]],"
                + "\"empty\":{},\"numbers\":[1,-2,0.25,1.0E21,null,null,null,null],\"ok\":true,\"raw\":\"aGk=\","
                + "\"other\":\"PT5S\",\"null\":false}");
    }
}
