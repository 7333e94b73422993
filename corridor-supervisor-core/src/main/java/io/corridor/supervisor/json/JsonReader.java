package io.corridor.supervisor.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value (RFC 8259) from UTF-8 bytes into {@link Map} (insertion order), {@link List}, {@link String},
 * {@link Long} (an integer that fits), {@link Double}, {@link Boolean} or null. Small on purpose: corridorctl decodes
 * the REST API's answers with it on its start path, where a JSON library's class loading would cost more than the
 * answer, and the server reads its few small bodies with it. Nesting is bounded so that a hostile body cannot
 * exhaust the stack; anything after the value other than white space is refused.
 */
public final class JsonReader {
    /** Deeper input is refused; nothing corridor reads or writes nests more than a few levels. */
    static final int MAX_DEPTH = 64;

    private final byte[] in;
    private final int end;
    private int pos;
    private int depth;

    private JsonReader(byte[] in, int end) {
        this.in = in;
        this.end = end;
    }

    /**
     * The value in the first {@code length} bytes of {@code utf8}, read in place (no copy of the input).
     *
     * @throws JsonSyntaxException naming what was expected and the byte offset where it was not found
     */
    public static Object read(byte[] utf8, int length) {
        if (length < 0 || length > utf8.length) throw new IndexOutOfBoundsException("length " + length);
        JsonReader r = new JsonReader(utf8, length);
        Object v = r.value();
        r.skipSpace();
        if (r.pos < r.end) throw r.error("end of input");
        return v;
    }

    private Object value() {
        skipSpace();
        if (pos >= end) throw error("a value");
        byte c = in[pos];
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("a value");
            }
        };
    }

    private Map<String, Object> object() {
        enter();
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            depth--;
            return m;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') throw error("a string key");
            String key = string();
            skipSpace();
            expect(':');
            m.put(key, value());
            skipSpace();
            int c = peek();
            if (c == '}') break;
            if (c != ',') throw error("',' or '}'");
            pos++;
        }
        pos++;
        depth--;
        return m;
    }

    private List<Object> array() {
        enter();
        pos++;
        List<Object> l = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            depth--;
            return l;
        }
        while (true) {
            l.add(value());
            skipSpace();
            int c = peek();
            if (c == ']') break;
            if (c != ',') throw error("',' or ']'");
            pos++;
        }
        pos++;
        depth--;
        return l;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) throw error("at most " + MAX_DEPTH + " levels of nesting");
    }

    private String string() {
        int start = ++pos; // after the opening quote
        boolean ascii = true;
        byte b = 0;
        while (pos < end) { // one test for a plain ASCII byte: this loop is most of corridorctl's decoding time
            b = in[pos];
            if (b >= 0x20) {
                if (b == '"' || b == '\\') break;
            } else if (b >= 0) {
                throw error("no control character in a string");
            } else {
                ascii = false;
            }
            pos++;
        }
        if (b == '"' && pos < end) { // the common case: no escapes, one copy
            // ASCII bytes are the same in ISO-8859-1, whose decoding is a plain array copy even before the JIT
            return new String(in, start, pos++ - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        return escapedString(start);
    }

    /** The rest of a string that has escapes, from {@code start} (after its quote); {@code pos} is at the first. */
    private String escapedString(int start) {
        StringBuilder sb = new StringBuilder(pos - start + 16);
        sb.append(new String(in, start, pos - start, StandardCharsets.UTF_8));
        while (true) {
            if (pos >= end) throw error("a closing '\"'");
            byte b = in[pos];
            if (b == '"') {
                pos++;
                return sb.toString();
            }
            if (b != '\\') { // a run of plain bytes, decoded as a whole: a character may span several
                int run = pos;
                while (pos < end && (b = in[pos]) != '"' && b != '\\') {
                    if (b >= 0 && b < 0x20) throw error("no control character in a string");
                    pos++;
                }
                sb.append(new String(in, run, pos - run, StandardCharsets.UTF_8));
                continue;
            }
            if (++pos >= end) throw error("an escape");
            byte e = in[pos++];
            switch (e) {
                case '"', '\\', '/' -> sb.append((char) e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = pos < end ? Character.digit(in[pos], 16) : -1;
                        if (digit < 0) throw error("four hex digits");
                        code = code * 16 + digit;
                        pos++;
                    }
                    sb.append((char) code);
                }
                default -> {
                    pos--;
                    throw error("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                }
            }
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') pos++; // no leading zeros: "01" is 0 followed by garbage
        else if (!digits()) throw error("a digit");
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            integral = false;
            if (!digits()) throw error("a digit");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integral = false;
            if (peek() == '+' || peek() == '-') pos++;
            if (!digits()) throw error("a digit");
        }
        int negative = in[start] == '-' ? 1 : 0;
        if (integral && pos - start - negative <= 18) { // fits a long: no String to parse
            long v = 0;
            for (int i = start + negative; i < pos; i++) v = v * 10 + (in[i] - '0');
            return negative == 1 ? -v : v;
        }
        String text = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLong) {
                // falls through: an integer beyond long is still a number
            }
        }
        return Double.parseDouble(text);
    }

    private boolean digits() {
        int start = pos;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') pos++;
        return pos > start;
    }

    private Object literal(String word, Object value) {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= end || in[pos + i] != word.charAt(i)) throw error("a value");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) throw error("'" + c + "'");
        pos++;
    }

    /** The byte at {@code pos}, or -1 at the end (no byte of UTF-8 JSON syntax is negative). */
    private int peek() {
        return pos < end ? in[pos] : -1;
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private JsonSyntaxException error(String expected) {
        String found;
        if (pos >= end) found = "the end of the input";
        else if (in[pos] >= 0x20 && in[pos] < 0x7f) found = "'" + (char) in[pos] + "'";
        else found = String.format("byte 0x%02x", in[pos] & 0xff);
        return new JsonSyntaxException("expected " + expected + " at offset " + pos + ", found " + found);
    }
}
