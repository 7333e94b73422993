package io.corridor.supervisor.server.json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the REST API's values as JSON: {@link Map} (string keys, in iteration order), {@link List}, {@link String},
 * {@link Number}, {@link Boolean} and null. The output is byte-for-byte what Jackson's {@code ObjectMapper} wrote
 * before this replaced it (compact, or its default pretty printer's layout: two-space indented objects,
 * {@code "key" : value}, arrays on one line), so answers and docs/api.md stay as they were. A JSON library is ~500
 * classes in every JVM that answers one REST call, and the REST API only ever writes these few shapes.
 */
public final class JsonWriter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    private final boolean pretty;
    private int depth;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** {@code value} as UTF-8 JSON, indented when {@code pretty}. */
    public static byte[] write(Object value, boolean pretty) {
        JsonWriter w = new JsonWriter(pretty);
        w.value(value);
        return w.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void value(Object v) {
        switch (v) {
            case null -> out.append("null");
            case String s -> string(s);
            case Boolean b -> out.append(b.booleanValue());
            case Double d -> real(d);
            case Float f -> {
                if (Float.isFinite(f)) out.append(f.floatValue());
                else string(f.toString());
            }
            case Number n -> out.append(n);
            case Map<?, ?> m -> object(m);
            case List<?> l -> array(l);
            default -> throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    /** Like Jackson: NaN and infinities as strings, since JSON has no such numbers. */
    private void real(double d) {
        if (Double.isFinite(d)) out.append(d);
        else string(Double.toString(d));
    }

    private void object(Map<?, ?> m) {
        out.append('{');
        if (m.isEmpty()) {
            out.append(pretty ? " }" : "}");
            return;
        }
        depth++;
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) out.append(',');
            first = false;
            if (pretty) newline();
            string(String.valueOf(e.getKey()));
            out.append(pretty ? " : " : ":");
            value(e.getValue());
        }
        depth--;
        if (pretty) newline();
        out.append('}');
    }

    /** Jackson's pretty printer keeps an array on one line ({@code [ 1, 2 ]}); objects in it indent as usual. */
    private void array(List<?> l) {
        out.append('[');
        if (l.isEmpty()) {
            out.append(pretty ? " ]" : "]");
            return;
        }
        boolean first = true;
        for (Object item : l) {
            if (!first) out.append(',');
            first = false;
            if (pretty) out.append(' ');
            value(item);
        }
        out.append(pretty ? " ]" : "]");
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < depth; i++) out.append("  ");
    }

    /** Escapes what JSON requires (quote, backslash, control characters); everything else is written as is. */
    private void string(String s) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            out.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, start, s.length()).append('"');
    }
}
