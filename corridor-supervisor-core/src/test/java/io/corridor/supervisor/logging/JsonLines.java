package io.corridor.supervisor.logging;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader for the {@code json} log format, written from RFC 8259 for the tests: each line must be valid
 * UTF-8 holding exactly one object of strings, integers and booleans. Strings decode {@code \udc80..\udcff} back
 * to the raw byte, as Python's {@code surrogateescape} does, so a message is recovered as the child's bytes.
 */
public final class JsonLines {
    /** One parsed line: field → String (as bytes, see {@link #bytes}), Long or Boolean. */
    public record Entry(Map<String, Object> fields) {
        public String text(String key) {
            return new String(bytes(key), StandardCharsets.UTF_8);
        }

        public byte[] bytes(String key) {
            return (byte[]) fields.get(key);
        }

        public boolean partial() {
            return Boolean.TRUE.equals(fields.get("partial"));
        }
    }

    private final byte[] s;
    private int i;

    private JsonLines(byte[] line) {
        this.s = line;
    }

    /** Parses a whole file: every line (each ended by '\n') must be one object. */
    public static List<Entry> parseAll(byte[] file) {
        List<Entry> entries = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < file.length; k++) {
            if (file[k] == '\n') {
                byte[] line = java.util.Arrays.copyOfRange(file, start, k);
                entries.add(parse(line));
                start = k + 1;
            }
        }
        if (start != file.length) throw new IllegalArgumentException("last line has no newline");
        return entries;
    }

    /** The child's bytes: messages concatenated, a '\n' after each record that is not partial. */
    public static byte[] reassemble(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            out.writeBytes(e.bytes("message"));
            if (!e.partial()) out.write('\n');
        }
        return out.toByteArray();
    }

    public static Entry parse(byte[] line) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8: " + new String(line, StandardCharsets.ISO_8859_1));
        }
        JsonLines p = new JsonLines(line);
        Entry e = new Entry(p.object());
        if (p.i != line.length) throw p.error("trailing bytes");
        return e;
    }

    private Map<String, Object> object() {
        expect('{');
        Map<String, Object> fields = new LinkedHashMap<>();
        if (peek() == '}') {
            i++;
            return fields;
        }
        while (true) {
            String key = new String(string(), StandardCharsets.UTF_8);
            expect(':');
            Object value = switch (peek()) {
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                default -> number();
            };
            if (fields.put(key, value) != null) throw error("duplicate key " + key);
            if (peek() == ',') {
                i++;
                continue;
            }
            expect('}');
            return fields;
        }
    }

    private byte[] string() {
        expect('"');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            if (i >= s.length) throw error("unterminated string");
            int c = s[i++] & 0xff;
            if (c == '"') return out.toByteArray();
            if (c < 0x20) throw error("raw control character " + c);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            int e = s[i++];
            switch (e) {
                case '"', '\\', '/' -> out.write(e);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'u' -> {
                    int u = hex4();
                    if (u >= 0xdc80 && u <= 0xdcff) {
                        out.write(u - 0xdc00);                       // surrogateescape
                    } else if (Character.isHighSurrogate((char) u) && i + 1 < s.length && s[i] == '\\'
                            && s[i + 1] == 'u') {
                        i += 2;
                        int low = hex4();
                        out.writeBytes(Character.toString(Character.toCodePoint((char) u, (char) low))
                                .getBytes(StandardCharsets.UTF_8));
                    } else {
                        out.writeBytes(Character.toString((char) u).getBytes(StandardCharsets.UTF_8));
                    }
                }
                default -> throw error("bad escape \\" + (char) e);
            }
        }
    }

    private int hex4() {
        if (i + 4 > s.length) throw error("short \\u escape");
        int v = Integer.parseInt(new String(s, i, 4, StandardCharsets.US_ASCII), 16);
        i += 4;
        return v;
    }

    private Object literal(String word, Object value) {
        byte[] w = word.getBytes(StandardCharsets.US_ASCII);
        for (byte b : w) {
            if (i >= s.length || s[i++] != b) throw error("expected " + word);
        }
        return value;
    }

    private Long number() {
        int start = i;
        if (i < s.length && s[i] == '-') i++;
        while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
        if (i == start) throw error("expected a value");
        return Long.parseLong(new String(s, start, i - start, StandardCharsets.US_ASCII));
    }

    private int peek() {
        if (i >= s.length) throw error("unexpected end");
        return s[i];
    }

    private void expect(char c) {
        if (i >= s.length || s[i] != c) throw error("expected '" + c + "'");
        i++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + i + " in " + new String(s, StandardCharsets.UTF_8));
    }
}
