package io.corridor.supervisor.server.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value (RFC 8259) into {@link Map} (insertion order), {@link List}, {@link String}, {@link Long} (an
 * integer that fits), {@link Double}, {@link Boolean} or null. For the few small bodies the server reads: a REST
 * signal request and its own method-help resource. Nesting is bounded so that a hostile body cannot exhaust the
 * event loop's stack; anything after the value other than white space is refused.
 */
public final class JsonReader {
    /** Deeper bodies are refused; nothing the server reads nests more than two levels. */
    static final int MAX_DEPTH = 64;

    private final String in;
    private int pos;
    private int depth;

    private JsonReader(String in) {
        this.in = in;
    }

    /** @throws JsonSyntaxException naming what was expected and the offset where it was not found */
    public static Object read(byte[] utf8) {
        return read(new String(utf8, StandardCharsets.UTF_8));
    }

    /** @throws JsonSyntaxException naming what was expected and the offset where it was not found */
    public static Object read(String text) {
        JsonReader r = new JsonReader(text);
        Object v = r.value();
        r.skipSpace();
        if (r.pos < r.in.length()) throw r.error("end of input");
        return v;
    }

    private Object value() {
        skipSpace();
        if (pos >= in.length()) throw error("a value");
        char c = in.charAt(pos);
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
            char c = peek();
            pos++;
            if (c == '}') break;
            if (c != ',') {
                pos--;
                throw error("',' or '}'");
            }
        }
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
            char c = peek();
            pos++;
            if (c == ']') break;
            if (c != ',') {
                pos--;
                throw error("',' or ']'");
            }
        }
        depth--;
        return l;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) throw error("at most " + MAX_DEPTH + " levels of nesting");
    }

    private String string() {
        pos++; // the opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= in.length()) throw error("a closing '\"'");
            char c = in.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) {
                pos--;
                throw error("no control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= in.length()) throw error("an escape");
            char e = in.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (pos + 4 > in.length()) throw error("four hex digits");
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(in.charAt(pos++), 16);
                        if (digit < 0) {
                            pos--;
                            throw error("four hex digits");
                        }
                        code = code * 16 + digit;
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
        String text = in.substring(start, pos);
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
        while (pos < in.length() && in.charAt(pos) >= '0' && in.charAt(pos) <= '9') pos++;
        return pos > start;
    }

    private Object literal(String word, Object value) {
        if (!in.startsWith(word, pos)) throw error("a value");
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) throw error("'" + c + "'");
        pos++;
    }

    private char peek() {
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private JsonSyntaxException error(String expected) {
        String found = pos >= in.length() ? "the end of the input" : "'" + in.charAt(pos) + "'";
        return new JsonSyntaxException("expected " + expected + " at offset " + pos + ", found " + found);
    }
}
