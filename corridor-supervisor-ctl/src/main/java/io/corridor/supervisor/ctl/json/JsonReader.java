package io.corridor.supervisor.ctl.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON document from UTF-8 bytes into Maps (insertion-ordered), Lists, Strings, Longs, Doubles, Booleans and
 * null. Enough for the server's REST answers; a few dozen lines instead of a JSON library on the client's start path.
 */
public final class JsonReader {
    /** Deeper nesting than any answer of ours is refused rather than allowed to overflow the stack. */
    private static final int MAX_DEPTH = 64;

    private final byte[] json;
    private final int end;
    private int pos;
    private int depth;

    private JsonReader(byte[] json, int length) {
        this.json = json;
        this.end = length;
    }

    /** @throws IllegalArgumentException when the bytes are not one JSON value */
    public static Object read(byte[] json, int length) {
        JsonReader reader = new JsonReader(json, length);
        Object value = reader.value();
        reader.skipWhitespace();
        if (reader.pos != length) {
            throw reader.malformed("trailing data");
        }
        return value;
    }

    private Object value() {
        skipWhitespace();
        if (pos >= end) {
            throw malformed("unexpected end");
        }
        if ((json[pos] == '{' || json[pos] == '[') && ++depth > MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH);
        }
        return switch (json[pos]) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> members = new LinkedHashMap<>();
        pos++;
        skipWhitespace();
        if (pos < end && json[pos] == '}') {
            pos++;
            depth--;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (pos >= end || json[pos] != '"') {
                throw malformed("expected a member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            members.put(name, value());
            skipWhitespace();
            if (pos < end && json[pos] == ',') {
                pos++;
                continue;
            }
            expect('}');
            depth--;
            return members;
        }
    }

    private List<Object> array() {
        List<Object> items = new ArrayList<>();
        pos++;
        skipWhitespace();
        if (pos < end && json[pos] == ']') {
            pos++;
            depth--;
            return items;
        }
        while (true) {
            items.add(value());
            skipWhitespace();
            if (pos < end && json[pos] == ',') {
                pos++;
                continue;
            }
            expect(']');
            depth--;
            return items;
        }
    }

    private String string() {
        int start = ++pos;
        boolean ascii = true;
        while (pos < end && json[pos] != '"' && json[pos] != '\\') {
            ascii &= json[pos] >= 0;
            pos++;
        }
        if (pos < end && json[pos] == '"') {                   // the common case: no escapes
            // ASCII bytes are the same in ISO-8859-1, whose decoding is a plain array copy even before the JIT
            return new String(json, start, pos++ - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(new String(json, start, pos - start, StandardCharsets.UTF_8));
        while (pos < end && json[pos] != '"') {
            if (json[pos] != '\\') {
                int runStart = pos;
                while (pos < end && json[pos] != '"' && json[pos] != '\\') pos++;
                text.append(new String(json, runStart, pos - runStart, StandardCharsets.UTF_8));
                continue;
            }
            if (pos + 1 >= end) {
                throw malformed("unterminated escape");
            }
            byte escaped = json[pos + 1];
            pos += 2;
            switch (escaped) {
                case '"', '\\', '/' -> text.append((char) escaped);
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    if (pos + 4 > end) {
                        throw malformed("short \\u escape");
                    }
                    int unit = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(json[pos + i], 16);
                        if (digit < 0) {
                            throw malformed("bad \\u escape");
                        }
                        unit = unit * 16 + digit;
                    }
                    text.append((char) unit);
                    pos += 4;
                }
                default -> throw malformed("unknown escape \\" + (char) escaped);
            }
        }
        expect('"');
        return text.toString();
    }

    private Object number() {
        int start = pos;
        boolean integral = true;
        while (pos < end) {
            byte b = json[pos];
            if (b == '.' || b == 'e' || b == 'E') {
                integral = false;
            } else if (!(b == '-' || b == '+' || (b >= '0' && b <= '9'))) {
                break;
            }
            pos++;
        }
        if (start == pos) {
            throw malformed("unexpected character '" + (char) json[pos] + "'");
        }
        String text = new String(json, start, pos - start, StandardCharsets.US_ASCII);
        try {
            return integral ? (Object) Long.parseLong(text) : (Object) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw malformed("bad number " + text);
        }
    }

    private Object literal(String word, Object value) {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= end || json[pos + i] != word.charAt(i)) {
                throw malformed("expected " + word);
            }
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (pos >= end || json[pos] != c) {
            throw malformed("expected '" + c + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < end && (json[pos] == ' ' || json[pos] == '\n' || json[pos] == '\r' || json[pos] == '\t')) {
            pos++;
        }
    }

    private IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + why);
    }
}
