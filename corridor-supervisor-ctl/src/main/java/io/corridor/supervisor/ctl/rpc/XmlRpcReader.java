package io.corridor.supervisor.ctl.rpc;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a {@code methodResponse} into Java values: Integer, Boolean, String, Double, List, Map, byte[] (base64),
 * null (nil). Hand-written rather than StAX: it loads a handful of classes instead of the JDK's XML stack, which is
 * measurable in a client whose start-up is its latency. It accepts only what XML-RPC servers produce: no DTDs, no
 * entities beyond the predefined and numeric ones.
 */
final class XmlRpcReader {
    private final String xml;
    private int pos;

    private XmlRpcReader(String xml) {
        this.xml = xml;
    }

    /** Returns the single result value, or throws the fault the server sent. */
    static Object methodResponse(String xml) throws XmlRpcFault {
        XmlRpcReader reader = new XmlRpcReader(xml);
        reader.expectStart("methodResponse");
        String next = reader.nextStartTag();
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
        if (xml.startsWith("</value>", pos)) {               // untyped value: a string, spaces included
            String text = decode(xml.substring(textStart, pos));
            pos += "</value>".length();
            return text;
        }
        if (xml.charAt(pos) != '<' || xml.startsWith("</", pos)) {
            int end = indexOrFail("</value>", pos);
            String text = decode(xml.substring(textStart, end));
            pos = end + "</value>".length();
            return text;
        }
        String type = nextStartTag();
        if (type.endsWith("/")) {                              // <nil/>, <string/>, <array/>...
            expectEnd("value");
            return emptyOf(type.substring(0, type.length() - 1));
        }
        Object result = switch (type) {
            case "string" -> decode(textUntil("string"));
            case "int", "i4", "i8" -> parseInt(textUntil(type).strip());
            case "boolean" -> textUntil("boolean").strip().equals("1");
            case "double" -> Double.parseDouble(textUntil("double").strip());
            case "nil" -> {
                expectEnd("nil");
                yield null;
            }
            case "base64" -> Base64.getMimeDecoder().decode(textUntil("base64").strip());
            case "dateTime.iso8601" -> textUntil("dateTime.iso8601").strip();
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

    private static Object parseInt(String digits) {
        long value = Long.parseLong(digits);
        return value == (int) value ? (Object) (int) value : (Object) value;
    }

    private List<Object> array() {
        List<Object> items = new ArrayList<>();
        String data = nextStartTag();
        if (data.equals("data/")) {
            expectEnd("array");
            return items;
        }
        while (!peekEnd("data")) {
            items.add(value());
        }
        expectEnd("data");
        expectEnd("array");
        return items;
    }

    private Map<String, Object> struct() {
        Map<String, Object> members = new LinkedHashMap<>();
        while (!peekEnd("struct")) {
            expectStart("member");
            expectStart("name");
            String name = decode(textUntil("name"));
            members.put(name, value());
            expectEnd("member");
        }
        expectEnd("struct");
        return members;
    }

    // ---- lexical helpers ------------------------------------------------------------------------------------

    /** Skips the prolog, comments and whitespace, then returns the next start tag's name (with a trailing '/'
     * for an empty-element tag). */
    private String nextStartTag() {
        while (true) {
            skipWhitespace();
            if (xml.startsWith("<?", pos)) {
                pos = indexOrFail("?>", pos) + 2;
            } else if (xml.startsWith("<!--", pos)) {
                pos = indexOrFail("-->", pos) + 3;
            } else if (xml.startsWith("<!", pos)) {
                throw malformed("DTDs are not accepted");
            } else if (pos < xml.length() && xml.charAt(pos) == '<' && !xml.startsWith("</", pos)) {
                int close = indexOrFail(">", pos);
                String name = xml.substring(pos + 1, close).strip();
                pos = close + 1;
                int space = name.indexOf(' ');
                if (space >= 0) {                               // attributes are not used by XML-RPC
                    name = name.substring(0, space) + (name.endsWith("/") ? "/" : "");
                }
                return name;
            } else {
                throw malformed("expected a start tag");
            }
        }
    }

    private void expectStart(String name) {
        String found = nextStartTag();
        if (!found.equals(name)) {
            throw malformed("expected <" + name + ">, found <" + found + ">");
        }
    }

    private boolean peekEnd(String name) {
        skipWhitespace();
        return xml.startsWith("</" + name, pos);
    }

    private void expectEnd(String name) {
        skipWhitespace();
        String tag = "</" + name + ">";
        if (!xml.startsWith(tag, pos)) {
            throw malformed("expected " + tag);
        }
        pos += tag.length();
    }

    private String textUntil(String name) {
        int end = indexOrFail("</" + name + ">", pos);
        String text = xml.substring(pos, end);
        pos = end + name.length() + 3;
        return text;
    }

    private void skipWhitespace() {
        while (pos < xml.length() && xml.charAt(pos) <= ' ') {
            pos++;
        }
    }

    private int indexOrFail(String token, int from) {
        int index = xml.indexOf(token, from);
        if (index < 0) {
            throw malformed("missing " + token);
        }
        return index;
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
