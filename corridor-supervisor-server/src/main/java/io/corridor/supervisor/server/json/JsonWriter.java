package io.corridor.supervisor.server.json;

import java.util.Arrays;
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

    // UTF-8 straight into an array: a StringBuilder, its String and that String's bytes were two more copies of a
    // 400 KB answer (1000 processes): 1.3-1.9x Jackson's CPU under C1, measured.
    private byte[] buf = new byte[1024];
    private int n;
    private final boolean pretty;
    private int depth;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** {@code value} as UTF-8 JSON, indented when {@code pretty}. */
    public static byte[] write(Object value, boolean pretty) {
        JsonWriter w = new JsonWriter(pretty);
        w.value(value);
        return Arrays.copyOf(w.buf, w.n);
    }

    private void value(Object v) {
        switch (v) {
            case null -> ascii("null");
            case String s -> string(s);
            case Boolean b -> ascii(b ? "true" : "false");
            case Double d -> real(d);
            case Float f -> {
                if (Float.isFinite(f)) ascii(f.toString());
                else string(f.toString());
            }
            case Number number -> ascii(number.toString());
            case Map<?, ?> m -> object(m);
            case List<?> l -> array(l);
            default -> throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    /** Like Jackson: NaN and infinities as strings, since JSON has no such numbers. */
    private void real(double d) {
        if (Double.isFinite(d)) ascii(Double.toString(d));
        else string(Double.toString(d));
    }

    private void object(Map<?, ?> m) {
        put('{');
        if (m.isEmpty()) {
            ascii(pretty ? " }" : "}");
            return;
        }
        depth++;
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) put(',');
            first = false;
            if (pretty) newline();
            string(String.valueOf(e.getKey()));
            ascii(pretty ? " : " : ":");
            value(e.getValue());
        }
        depth--;
        if (pretty) newline();
        put('}');
    }

    /** Jackson's pretty printer keeps an array on one line ({@code [ 1, 2 ]}); objects in it indent as usual. */
    private void array(List<?> l) {
        put('[');
        if (l.isEmpty()) {
            ascii(pretty ? " ]" : "]");
            return;
        }
        boolean first = true;
        for (Object item : l) {
            if (!first) put(',');
            first = false;
            if (pretty) put(' ');
            value(item);
        }
        ascii(pretty ? " ]" : "]");
    }

    private void newline() {
        put('\n');
        for (int i = 0; i < depth; i++) ascii("  ");
    }

    /**
     * Escapes what JSON requires (quote, backslash, control characters); everything else is written as UTF-8, a lone
     * surrogate as '?' (as String.getBytes does).
     */
    private void string(String s) {
        put('"');
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                i = nonAscii(s, i, c);
                continue;
            }
            if (c >= 0x20 && c != '"' && c != '\\') {
                put(c);
                continue;
            }
            switch (c) {
                case '"' -> ascii("\\\"");
                case '\\' -> ascii("\\\\");
                case '\n' -> ascii("\\n");
                case '\t' -> ascii("\\t");
                case '\r' -> ascii("\\r");
                case '\b' -> ascii("\\b");
                case '\f' -> ascii("\\f");
                default -> {
                    ascii("\\u00");
                    put(HEX[c >> 4]);
                    put(HEX[c & 0xF]);
                }
            }
        }
        put('"');
    }

    /** Writes the character at {@code i} (not ASCII) as UTF-8; returns the index of its last char. */
    private int nonAscii(String s, int i, char c) {
        if (c < 0x800) {
            putByte(0xC0 | c >> 6);
            putByte(0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(++i));
            putByte(0xF0 | cp >> 18);
            putByte(0x80 | cp >> 12 & 0x3F);
            putByte(0x80 | cp >> 6 & 0x3F);
            putByte(0x80 | cp & 0x3F);
        } else if (Character.isSurrogate(c)) {
            put('?');
        } else {
            putByte(0xE0 | c >> 12);
            putByte(0x80 | c >> 6 & 0x3F);
            putByte(0x80 | c & 0x3F);
        }
        return i;
    }

    /** Text known to be ASCII: numbers, literals, punctuation. */
    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) put(s.charAt(i));
    }

    private void put(char c) {
        putByte(c);
    }

    private void putByte(int b) {
        if (n == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        buf[n++] = (byte) b;
    }
}
