package io.corridor.supervisor.server.xmlrpc;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's XML-RPC request parser until {@link XmlRpcParser} replaced it: the JDK's StAX, kept as the oracle that
 * {@code XmlRpcParserTest} compares the new parser with. DTDs are refused outright (no entity expansion, no
 * external fetches: a {@code <!DOCTYPE} is an error, not something to resolve), and nesting is bounded so a hostile
 * body cannot exhaust the stack. Lenient like Python's xmlrpclib: an untyped {@code <value>x</value>} is a string,
 * {@code <params>} may be absent, {@code i4}/{@code i8}/{@code int} are integers.
 */
final class StaxXmlRpcParser {
    private static final int MAX_DEPTH = 64;
    private final XMLInputFactory factory;

    StaxXmlRpcParser() {
        factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    XmlRpcCall parse(byte[] body) throws MalformedRequestException {
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            String methodName = null;
            List<Object> params = new ArrayList<>();
            nextTag(r);
            expectStart(r, "methodCall");
            while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                switch (r.getLocalName()) {
                    case "methodName" -> methodName = text(r).strip();
                    case "params" -> {
                        while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                            expectStart(r, "param");
                            nextTag(r);
                            params.add(value(r, 0));
                            if (nextTag(r) != XMLStreamConstants.END_ELEMENT) throw malformed(r, "</param>");
                        }
                    }
                    default -> throw malformed(r, "<methodName> or <params>");
                }
            }
            if (methodName == null || methodName.isEmpty()) throw new MalformedRequestException("no method name");
            return new XmlRpcCall(methodName, List.copyOf(params));
        } catch (XMLStreamException | IllegalArgumentException e) {
            throw new MalformedRequestException("unmarshallable: " + e.getMessage());
        } finally {
            if (r != null) {
                try { r.close(); } catch (XMLStreamException ignored) { /* nothing left to release */ }
            }
        }
    }

    /** Positioned on {@code <value>}; leaves the reader on {@code </value>}. */
    private Object value(XMLStreamReader r, int depth) throws XMLStreamException, MalformedRequestException {
        if (depth > MAX_DEPTH) throw new MalformedRequestException("values nested deeper than " + MAX_DEPTH);
        expectStart(r, "value");
        StringBuilder untyped = new StringBuilder();
        while (true) {
            int event = next(r);
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.SPACE
                    || event == XMLStreamConstants.CDATA) {
                untyped.append(r.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return untyped.toString();   // <value>x</value> = string
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                Object v = typed(r, depth);
                if (nextTag(r) != XMLStreamConstants.END_ELEMENT) throw malformed(r, "</value>");
                return v;
            }
        }
    }

    private Object typed(XMLStreamReader r, int depth) throws XMLStreamException, MalformedRequestException {
        String type = r.getLocalName();
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

    private List<Object> array(XMLStreamReader r, int depth) throws XMLStreamException, MalformedRequestException {
        List<Object> items = new ArrayList<>();
        nextTag(r);
        expectStart(r, "data");
        while (nextTag(r) == XMLStreamConstants.START_ELEMENT) items.add(value(r, depth + 1));
        if (nextTag(r) != XMLStreamConstants.END_ELEMENT) throw malformed(r, "</array>");
        return items;
    }

    private Map<String, Object> struct(XMLStreamReader r, int depth) throws XMLStreamException, MalformedRequestException {
        Map<String, Object> members = new LinkedHashMap<>();
        while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
            expectStart(r, "member");
            String name = null;
            Object value = null;
            while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                if (r.getLocalName().equals("name")) name = text(r);
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
    private static String text(XMLStreamReader r) throws XMLStreamException, MalformedRequestException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int event = next(r);
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE, XMLStreamConstants.CDATA -> sb.append(r.getText());
                case XMLStreamConstants.END_ELEMENT -> { return sb.toString(); }
                default -> throw new MalformedRequestException("unexpected markup inside <" + r.getLocalName() + ">");
            }
        }
    }

    /** Next start/end element, skipping whitespace and comments; anything else is malformed. */
    private static int nextTag(XMLStreamReader r) throws XMLStreamException, MalformedRequestException {
        while (true) {
            int event = next(r);
            switch (event) {
                case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT, XMLStreamConstants.END_DOCUMENT -> {
                    return event;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> {
                    if (!r.isWhiteSpace()) throw new MalformedRequestException("unexpected text");
                }
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                default -> throw new MalformedRequestException("unexpected XML event " + event);
            }
        }
    }

    /** Every event passes here so DTDs and entity references are refused wherever they appear. */
    private static int next(XMLStreamReader r) throws XMLStreamException, MalformedRequestException {
        int event = r.next();
        if (event == XMLStreamConstants.DTD) throw new MalformedRequestException("DOCTYPE declarations are not accepted");
        if (event == XMLStreamConstants.ENTITY_REFERENCE) throw new MalformedRequestException("entity references are not accepted");
        return event;
    }

    private static void expectStart(XMLStreamReader r, String name) throws MalformedRequestException {
        if (r.getEventType() != XMLStreamConstants.START_ELEMENT || !r.getLocalName().equals(name)) {
            throw malformed(r, "<" + name + ">");
        }
    }

    private static MalformedRequestException malformed(XMLStreamReader r, String expected) {
        return new MalformedRequestException("expected " + expected + " at line " + r.getLocation().getLineNumber());
    }
}
