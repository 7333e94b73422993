package io.corridor.supervisor.ctl.rpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a {@code methodResponse} into Java values: Integer, Long, Boolean, String, Double, List, Map, byte[]
 * (base64), null (nil). Hand-written rather than StAX: it loads a handful of classes instead of the JDK's XML stack.
 * It reads the UTF-8 bytes in place (tags are compared byte by byte, only text content becomes Strings) because a
 * 200-process {@code getAllProcessInfo} is ~220 KB that a short-lived client decodes mostly before the JIT has
 * compiled anything: every allocation per tag shows in {@code corridorctl status}. It accepts only what XML-RPC
 * servers produce: no DTDs, no entities beyond the predefined and numeric ones.
 */
final class XmlRpcReader {
    private final byte[] xml;
    private final int end;
    private int pos;
    /** Set by {@link #startTag()}: the tag just read was an empty-element tag ({@code <nil/>}). */
    private boolean emptyElement;

    private XmlRpcReader(byte[] xml, int length) {
        this.xml = xml;
        this.end = length;
    }

    /** Returns the single result value, or throws the fault the server sent. */
    static Object methodResponse(String xml) throws XmlRpcFault {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        return methodResponse(bytes, bytes.length);
    }

    /** The same, from the first {@code length} bytes of a UTF-8 body. */
    static Object methodResponse(byte[] xml, int length) throws XmlRpcFault {
        XmlRpcReader reader = new XmlRpcReader(xml, length);
        reader.expectStart("methodResponse");
        String next = reader.startTag();
        if (next.equals("fault")) {
            Object fault = reader.value();
            if (fault instanceof Map<?, ?> struct && struct.get("faultCode") instanceof Integer code) {
                throw new XmlRpcFault(code, String.valueOf(struct.get("faultString")));
            }
            throw reader.malformed("fault without faultCode");
        }
        if (!next.equals("params")) {
            throw reader.malformed("expected <params> or <fault>, found <" + next + ">");
        }
        reader.expectStart("param");
        return reader.value();
    }

    private Object value() {
        expectStart("value");
        int textStart = pos;
        skipWhitespace();
        if (pos >= end) {
            throw malformed("missing </value>");
        }
        if (xml[pos] != '<' || isEndTag(pos)) {                // untyped value: a string, spaces included
            int close = findEndTag("value", textStart);
            String text = text(textStart, close);
            pos = close;
            expectEnd("value");
            return text;
        }
        String type = startTag();
        if (emptyElement) {                                    // <nil/>, <string/>, <array/>...
            expectEnd("value");
            return emptyOf(type);
        }
        Object result = switch (type) {
            case "string" -> content("string");
            case "int", "i4", "i8" -> integer(type);
            case "boolean" -> content("boolean").strip().equals("1");
            case "double" -> Double.parseDouble(content("double").strip());
            case "nil" -> {
                expectEnd("nil");
                yield null;
            }
            case "base64" -> Base64.getMimeDecoder().decode(content("base64").strip());
            case "dateTime.iso8601" -> content(type).strip();
            case "array" -> array();
            case "struct" -> struct();
            default -> throw malformed("unknown XML-RPC type <" + type + ">");
        };
        expectEnd("value");
        return result;
    }

    private static Object emptyOf(String type) {
        return switch (type) {
            case "array" -> List.of();
            case "struct" -> Map.of();
            case "nil" -> null;
            default -> "";
        };
    }

    /** The text up to {@code </tag>}, which is consumed. */
    private String content(String tag) {
        int close = findEndTag(tag, pos);
        String text = text(pos, close);
        pos = endTagAt(tag, close);
        return text;
    }

    /** An int/i4/i8 body up to {@code </tag>}, which is consumed: Integer when it fits, else Long. */
    private Object integer(String tag) {
        int close = findEndTag(tag, pos);
        int i = pos;
        while (i < close && isSpace(xml[i])) i++;
        int last = close;
        while (last > i && isSpace(xml[last - 1])) last--;
        long value;
        if (last - i > 18) {                                   // may not fit in a long: let the JDK decide
            try {
                value = Long.parseLong(new String(xml, i, last - i, StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException e) {
                throw malformed("not an XML-RPC integer");
            }
        } else {
            boolean negative = i < last && xml[i] == '-';
            if (i < last && (xml[i] == '-' || xml[i] == '+')) i++;
            if (i == last) {
                throw malformed("not an XML-RPC integer");
            }
            value = 0;
            for (; i < last; i++) {
                int digit = xml[i] - '0';
                if (digit < 0 || digit > 9) {
                    throw malformed("not an XML-RPC integer");
                }
                value = value * 10 + digit;
            }
            value = negative ? -value : value;
        }
        pos = endTagAt(tag, close);
        return value == (int) value ? (Object) (int) value : (Object) value;
    }

    private List<Object> array() {
        List<Object> items = new ArrayList<>();
        String data = startTag();
        if (!data.equals("data")) {
            throw malformed("expected <data>, found <" + data + ">");
        }
        if (emptyElement) {
            expectEnd("array");
            return items;
        }
        while (!peekEnd()) {
            items.add(value());
        }
        expectEnd("data");
        expectEnd("array");
        return items;
    }

    private Map<String, Object> struct() {
        Map<String, Object> members = new LinkedHashMap<>();
        while (!peekEnd()) {
            expectStart("member");
            expectStart("name");
            String name = content("name");
            members.put(name, value());
            expectEnd("member");
        }
        expectEnd("struct");
        return members;
    }

    // ---- lexical helpers ------------------------------------------------------------------------------------

    /**
     * Skips the prolog, comments and whitespace, then reads the next start tag and returns its name (one of the
     * constants below when known, so no String is made per tag); {@link #emptyElement} tells whether it was
     * {@code <name/>}.
     */
    private String startTag() {
        while (true) {
            skipWhitespace();
            if (pos + 1 >= end || xml[pos] != '<') {
                throw malformed("expected a start tag");
            }
            byte next = xml[pos + 1];
            if (next == '?') {
                pos = indexOf((byte) '?', (byte) '>', pos + 2) + 2;
            } else if (next == '!') {
                if (pos + 3 < end && xml[pos + 2] == '-' && xml[pos + 3] == '-') {
                    int close = indexOf((byte) '-', (byte) '-', pos + 4);
                    while (close + 2 >= end || xml[close + 2] != '>') {
                        close = indexOf((byte) '-', (byte) '-', close + 1);
                    }
                    pos = close + 3;
                } else {
                    throw malformed("DTDs are not accepted");
                }
            } else if (next == '/') {
                throw malformed("expected a start tag");
            } else {
                int nameStart = pos + 1;
                int nameEnd = nameStart;
                while (nameEnd < end && !isSpace(xml[nameEnd]) && xml[nameEnd] != '>' && xml[nameEnd] != '/') nameEnd++;
                int close = nameEnd;
                while (close < end && xml[close] != '>') close++;   // attributes are not used by XML-RPC
                if (close >= end) {
                    throw malformed("missing >");
                }
                emptyElement = xml[close - 1] == '/';
                pos = close + 1;
                return tagName(nameStart, nameEnd);
            }
        }
    }

    /** The known tag names, as constants, chosen by length and first letter: no String per tag. */
    private String tagName(int start, int stop) {
        String candidate = switch (stop - start) {
            case 2 -> xml[start + 1] == '4' ? "i4" : "i8";
            case 3 -> xml[start] == 'i' ? "int" : "nil";
            case 4 -> xml[start] == 'n' ? "name" : "data";
            case 5 -> switch (xml[start]) {
                case 'v' -> "value";
                case 'p' -> "param";
                case 'f' -> "fault";
                default -> "array";
            };
            case 6 -> switch (xml[start]) {
                case 'm' -> "member";
                case 's' -> xml[start + 1] == 't' && xml[start + 2] == 'r' && xml[start + 3] == 'i' ? "string"
                        : "struct";
                case 'p' -> "params";
                case 'd' -> "double";
                default -> "base64";
            };
            case 7 -> "boolean";
            case 14 -> "methodResponse";
            case 16 -> "dateTime.iso8601";
            default -> null;
        };
        return candidate != null && matches(candidate, start, stop) ? candidate
                : new String(xml, start, stop - start, StandardCharsets.UTF_8);
    }

    private boolean matches(String name, int start, int stop) {
        if (stop - start != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (xml[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void expectStart(String name) {
        String found = startTag();
        if (!found.equals(name) || emptyElement) {
            throw malformed("expected <" + name + ">, found <" + found + (emptyElement ? "/>" : ">"));
        }
    }

    /** Whitespace, then an end tag of any name? */
    private boolean peekEnd() {
        skipWhitespace();
        return isEndTag(pos);
    }

    private boolean isEndTag(int at) {
        return at + 1 < end && xml[at] == '<' && xml[at + 1] == '/';
    }

    private void expectEnd(String name) {
        skipWhitespace();
        int after = endTagAt(name, pos);
        if (after < 0) {
            throw malformed("expected </" + name + ">");
        }
        pos = after;
    }

    /** If {@code </name>} (spaces allowed before the {@code >}) starts at {@code at}, the index after it; else -1. */
    private int endTagAt(String name, int at) {
        if (!isEndTag(at) || !matches(name, at + 2, Math.min(end, at + 2 + name.length()))) {
            return -1;
        }
        int i = at + 2 + name.length();
        while (i < end && isSpace(xml[i])) i++;
        return i < end && xml[i] == '>' ? i + 1 : -1;
    }

    /** The index of the next {@code </name>} at or after {@code from}. */
    private int findEndTag(String name, int from) {
        for (int i = from; i < end; i++) {
            if (xml[i] == '<' && endTagAt(name, i) >= 0) {
                return i;
            }
        }
        throw malformed("missing </" + name + ">");
    }

    /** Text content between two offsets, entities resolved and {@code \r\n} read as {@code \n}. */
    private String text(int start, int stop) {
        boolean ascii = true;
        for (int i = start; i < stop; i++) {
            if (xml[i] == '&' || xml[i] == '\r') {
                return decode(new String(xml, start, stop - start, StandardCharsets.UTF_8));
            }
            ascii &= xml[i] >= 0;
        }
        // ASCII bytes are the same in ISO-8859-1, whose decoding is a plain array copy even before the JIT
        return new String(xml, start, stop - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private void skipWhitespace() {
        while (pos < end && isSpace(xml[pos])) {
            pos++;
        }
    }

    /** Control characters and space; bytes of multi-byte UTF-8 characters are negative here and never space. */
    private static boolean isSpace(byte b) {
        return b >= 0 && b <= ' ';
    }

    /** The index of the two-byte sequence {@code a b} at or after {@code from}. */
    private int indexOf(byte a, byte b, int from) {
        for (int i = from; i + 1 < end; i++) {
            if (xml[i] == a && xml[i + 1] == b) {
                return i;
            }
        }
        throw malformed("missing " + (char) a + (char) b);
    }

    private IllegalStateException malformed(String why) {
        return new IllegalStateException("malformed XML-RPC response at offset " + pos + ": " + why);
    }

    static String decode(String text) {
        int amp = text.indexOf('&');
        if (amp < 0) {
            return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n");
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (amp >= 0) {
            out.append(text, from, amp);
            int semi = text.indexOf(';', amp);
            if (semi < 0) {
                throw new IllegalStateException("malformed entity in XML-RPC response");
            }
            String entity = text.substring(amp + 1, semi);
            switch (entity) {
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "amp" -> out.append('&');
                case "quot" -> out.append('"');
                case "apos" -> out.append('\'');
                default -> {
                    if (!entity.startsWith("#")) {
                        throw new IllegalStateException("undefined entity &" + entity + "; in XML-RPC response");
                    }
                    int codePoint = entity.startsWith("#x")
                            ? Integer.parseInt(entity.substring(2), 16)
                            : Integer.parseInt(entity.substring(1));
                    out.appendCodePoint(codePoint);
                }
            }
            from = semi + 1;
            amp = text.indexOf('&', from);
        }
        return out.append(text, from, text.length()).toString().replace("\r\n", "\n");
    }
}
