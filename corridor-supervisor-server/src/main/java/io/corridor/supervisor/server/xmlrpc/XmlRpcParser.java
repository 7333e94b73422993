package io.corridor.supervisor.server.xmlrpc;

import io.corridor.supervisor.server.xmlrpc.XmlPullReader.Event;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code <methodCall>} documents ({@link XmlPullReader}: no DTD, no entity but the predefined five), with
 * nesting bounded so a hostile body cannot exhaust the stack. Lenient like Python's xmlrpclib: an untyped
 * {@code <value>x</value>} is a string, {@code <params>} may be absent, {@code i4}/{@code i8}/{@code int} are integers.
 */
public final class XmlRpcParser {
    private static final int MAX_DEPTH = 64;

    public XmlRpcCall parse(byte[] body) throws MalformedRequestException {
        XmlPullReader r = new XmlPullReader(body);
        try {
            String methodName = null;
            List<Object> params = new ArrayList<>();
            nextTag(r);
            expectStart(r, "methodCall");
            while (nextTag(r) == Event.START) {
                switch (r.name()) {
                    case "methodName" -> methodName = text(r).strip();
                    case "params" -> {
                        while (nextTag(r) == Event.START) {
                            expectStart(r, "param");
                            nextTag(r);
                            params.add(value(r, 0));
                            if (nextTag(r) != Event.END) throw malformed(r, "</param>");
                        }
                    }
                    default -> throw malformed(r, "<methodName> or <params>");
                }
            }
            if (nextTag(r) != Event.END_DOCUMENT) throw malformed(r, "the end of the document");
            if (methodName == null || methodName.isEmpty()) throw new MalformedRequestException("no method name");
            return new XmlRpcCall(methodName, List.copyOf(params));
        } catch (IllegalArgumentException e) {   // bad base64 or double
            throw new MalformedRequestException("unmarshallable: " + e.getMessage());
        }
    }

    /** Positioned on {@code <value>}; leaves the reader on {@code </value>}. */
    private Object value(XmlPullReader r, int depth) throws MalformedRequestException {
        if (depth > MAX_DEPTH) throw new MalformedRequestException("values nested deeper than " + MAX_DEPTH);
        expectStart(r, "value");
        Event event = r.next();
        String untyped = "";
        boolean blank = true;
        if (event == Event.TEXT) {
            untyped = r.text();
            blank = r.isWhitespace();
            event = r.next();
        }
        if (event == Event.END) return untyped;   // <value>x</value> = string
        if (!blank) throw malformed(r, "either text or a typed value");
        Object v = typed(r, depth);
        if (nextTag(r) != Event.END) throw malformed(r, "</value>");
        return v;
    }

    private Object typed(XmlPullReader r, int depth) throws MalformedRequestException {
        String type = r.name();
        return switch (type) {
            case "string" -> text(r);
            case "int", "i4", "i8" -> Integer.valueOf(integer(text(r).strip()));
            case "boolean" -> switch (text(r).strip()) {
                case "1" -> Boolean.TRUE;
                case "0" -> Boolean.FALSE;
                default -> throw new MalformedRequestException("bad boolean value");
            };
            case "double" -> Double.valueOf(text(r).strip());
            case "base64" -> Base64.getMimeDecoder().decode(text(r).strip());
            case "dateTime.iso8601" -> text(r).strip();
            case "nil" -> { text(r); yield ""; }
            case "array" -> array(r, depth);
            case "struct" -> struct(r, depth);
            default -> throw new MalformedRequestException("unknown value type <" + type + ">");
        };
    }

    private List<Object> array(XmlPullReader r, int depth) throws MalformedRequestException {
        List<Object> items = new ArrayList<>();
        nextTag(r);
        expectStart(r, "data");
        while (nextTag(r) == Event.START) items.add(value(r, depth + 1));
        if (nextTag(r) != Event.END) throw malformed(r, "</array>");
        return items;
    }

    private Map<String, Object> struct(XmlPullReader r, int depth) throws MalformedRequestException {
        Map<String, Object> members = new LinkedHashMap<>();
        while (nextTag(r) == Event.START) {
            expectStart(r, "member");
            String name = null;
            Object value = null;
            while (nextTag(r) == Event.START) {
                if (r.name().equals("name")) name = text(r);
                else value = value(r, depth + 1);
            }
            if (name == null || value == null) throw new MalformedRequestException("struct member without name or value");
            members.put(name, value);
        }
        return members;
    }

    private static int integer(String s) throws MalformedRequestException {
        try {
            return Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new MalformedRequestException("bad int value");
        }
    }

    /** Text content of the current element; fails on child elements. */
    private static String text(XmlPullReader r) throws MalformedRequestException {
        String element = r.name();
        Event event = r.next();
        String text = "";
        if (event == Event.TEXT) {
            text = r.text();
            event = r.next();
        }
        if (event != Event.END) throw new MalformedRequestException("unexpected markup inside <" + element + ">");
        return text;
    }

    /** Next start/end element or the end of the document, skipping whitespace; other text is malformed. */
    private static Event nextTag(XmlPullReader r) throws MalformedRequestException {
        Event event = r.next();
        if (event != Event.TEXT) return event;
        if (!r.isWhitespace()) throw r.malformed("unexpected text");
        return r.next();   // text is coalesced: no second TEXT follows
    }

    private static void expectStart(XmlPullReader r, String name) throws MalformedRequestException {
        if (!name.equals(r.name()) || r.event() != Event.START) throw malformed(r, "<" + name + ">");
    }

    private static MalformedRequestException malformed(XmlPullReader r, String expected) {
        return r.malformed("expected " + expected);
    }
}
