package io.corridor.supervisor.json;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link Map} (keys as their {@code String.valueOf}, in iteration order), {@link List}, {@link String},
 * {@link Number}, {@link Boolean}, {@code byte[]} (as base64) and null as UTF-8 JSON, in one of two forms:
 * <ul>
 * <li>{@link #write(Object, boolean)}: byte-for-byte what Jackson's {@code ObjectMapper} writes, compact or with its
 * default pretty printer (two-space indented objects, {@code "key" : value}, arrays on one line), which the REST API
 * answered with before this replaced it, so answers and docs/api.md stay as they were;</li>
 * <li>{@link #writeForScripts(Object)}: corridorctl's {@code --json} documents (docs/ctl.md).</li>
 * </ul>
 * A JSON library is ~500 classes in every JVM that answers one REST call or runs one corridorctl command, and
 * corridor only ever writes these few shapes.
 */
public final class JsonWriter {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    // UTF-8 straight into an array: a StringBuilder, its String and that String's bytes were two more copies of a
    // 400 KB answer (1000 processes): 1.3-1.9x Jackson's CPU under C1, measured.
    private byte[] buf = new byte[1024];
    private int n;
    private final boolean pretty;
    /** corridorctl's form: see {@link #writeForScripts}. */
    private final boolean forScripts;
    private int depth;

    private JsonWriter(boolean pretty, boolean forScripts) {
        this.pretty = pretty;
        this.forScripts = forScripts;
    }

    /**
     * {@code value} as Jackson writes it, indented when {@code pretty}: NaN and infinities as strings.
     *
     * @throws IllegalArgumentException for a value of another type than those listed in the class comment
     */
    public static byte[] write(Object value, boolean pretty) {
        JsonWriter w = new JsonWriter(pretty, false);
        w.value(value);
        return Arrays.copyOf(w.buf, w.n);
    }

    /**
     * {@code value} as compact JSON for scripts and terminals; never refuses a value: NaN and infinities as null,
     * an object of a type not listed in the class comment as the string of its {@code toString()}. Every control
     * character but newline, carriage return and tab is a lower-case {@code \}{@code u} escape, and so are U+2028
     * and U+2029, so that the text is also a JavaScript string literal and a terminal shows no raw escape sequence.
     */
    public static byte[] writeForScripts(Object value) {
        JsonWriter w = new JsonWriter(false, true);
        w.value(value);
        return Arrays.copyOf(w.buf, w.n);
    }

    private void value(Object v) {
        switch (v) {
            case null -> ascii("null");
            case String s -> string(s);
            case Boolean b -> ascii(b ? "true" : "false");
            case Double d -> real(d, d.isNaN() || d.isInfinite());
            case Float f -> real(f, f.isNaN() || f.isInfinite());
            case Number number -> ascii(number.toString());
            case Map<?, ?> m -> object(m);
            case List<?> l -> array(l);
            case byte[] bytes -> string(Base64.getEncoder().encodeToString(bytes)); // Jackson's default too
            default -> {
                if (!forScripts) throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
                string(v.toString());
            }
        }
    }

    /** JSON has no NaN or infinities: Jackson writes them as strings, scripts get null. */
    private void real(Number d, boolean notFinite) {
        if (!notFinite) ascii(d.toString());
        else if (forScripts) ascii("null");
        else string(d.toString());
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
                if (forScripts && (c == '\u2028' || c == '\u2029')) unicodeEscape(c, LOWER_HEX);
                else i = nonAscii(s, i, c);
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
                default -> {
                    if (forScripts) unicodeEscape(c, LOWER_HEX);
                    else if (c == '\b') ascii("\\b");
                    else if (c == '\f') ascii("\\f");
                    else unicodeEscape(c, HEX);
                }
            }
        }
        put('"');
    }

    private void unicodeEscape(char c, byte[] hex) {
        ascii("\\u");
        putByte(hex[c >> 12]);
        putByte(hex[c >> 8 & 0xF]);
        putByte(hex[c >> 4 & 0xF]);
        putByte(hex[c & 0xF]);
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
