package io.corridor.supervisor.server.xmlrpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes responses byte-for-byte like Python's {@code xmlrpclib.dumps} (what supervisord sends): same line breaks,
 * same tags, only {@code & < >} escaped, struct members in insertion order. Accepted values: {@link String},
 * {@link Integer}/{@link Long} (both {@code <int>}), {@link Boolean}, {@link Double}, {@code byte[]}, {@link List},
 * {@link Map} with string keys, and {@link Encoded} (a value encoded before).
 *
 * <p>The server encodes straight into the response's buffer, outside the Java heap: a 1000-process
 * {@code getAllProcessInfo} is 1.1 MB of XML, and built as a string (then copied to bytes) it was ~4 MB of heap per
 * call, more than the young generation, so each answer was promoted and grew the old one (docs/benchmarks.md).
 */
public final class XmlRpcWriter {
    private static final String PROLOG = "<?xml version='1.0'?>\n";

    private XmlRpcWriter() {}

    private static final byte[] RESPONSE_START = XmlBytes.encode(PROLOG + "<methodResponse>\n<params>\n<param>\n");
    private static final byte[] RESPONSE_END = XmlBytes.encode("</param>\n</params>\n</methodResponse>\n");
    private static final byte[] FAULT_START = XmlBytes.encode(PROLOG + "<methodResponse>\n<fault>\n");
    private static final byte[] FAULT_END = XmlBytes.encode("</fault>\n</methodResponse>\n");
    private static final byte[] STRING = XmlBytes.encode("<value><string>");
    private static final byte[] STRING_END = XmlBytes.encode("</string></value>\n");
    private static final byte[] TRUE = XmlBytes.encode("<value><boolean>1</boolean></value>\n");
    private static final byte[] FALSE = XmlBytes.encode("<value><boolean>0</boolean></value>\n");
    private static final byte[] INT = XmlBytes.encode("<value><int>");
    private static final byte[] INT_END = XmlBytes.encode("</int></value>\n");
    private static final byte[] DOUBLE = XmlBytes.encode("<value><double>");
    private static final byte[] DOUBLE_END = XmlBytes.encode("</double></value>\n");
    private static final byte[] BASE64 = XmlBytes.encode("<value><base64>\n");
    private static final byte[] BASE64_END = XmlBytes.encode("\n</base64></value>\n");
    private static final byte[] ARRAY = XmlBytes.encode("<value><array><data>\n");
    private static final byte[] ARRAY_END = XmlBytes.encode("</data></array></value>\n");
    private static final byte[] STRUCT = XmlBytes.encode("<value><struct>\n");
    private static final byte[] STRUCT_END = XmlBytes.encode("</struct></value>\n");
    private static final byte[] MEMBER = XmlBytes.encode("<member>\n<name>");
    private static final byte[] NAME_END = XmlBytes.encode("</name>\n");
    private static final byte[] MEMBER_END = XmlBytes.encode("</member>\n");

    /** A value already encoded, written as it is: an answer that is kept and served again. */
    public record Encoded(byte[] xml) {}

    /** {@code value} encoded once, to be written by {@link #response} as often as needed. */
    public static Encoded encode(Object value) {
        ByteBuf out = Unpooled.buffer(64 * 1024);
        try {
            XmlBytes xml = new XmlBytes(out);
            value(xml, value);
            xml.flush();
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return new Encoded(bytes);
        } finally {
            out.release();
        }
    }

    /** Appends the response carrying {@code value} to {@code out}. */
    public static void response(ByteBuf out, Object value) {
        XmlBytes xml = new XmlBytes(out);
        xml.raw(RESPONSE_START);
        value(xml, value);
        xml.raw(RESPONSE_END);
        xml.flush();
    }

    public static String response(Object value) {
        ByteBuf out = Unpooled.buffer(256);
        try {
            response(out, value);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    public static String fault(int code, String faultString) {
        ByteBuf out = Unpooled.buffer(256);
        try {
            XmlBytes xml = new XmlBytes(out);
            xml.raw(FAULT_START);
            value(xml, faultStruct(code, faultString));
            xml.raw(FAULT_END);
            xml.flush();
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    /** {@code {faultCode, faultString}} in that order, as a fault or a multicall entry carries it. */
    public static Map<String, Object> faultStruct(int code, String faultString) {
        var m = new LinkedHashMap<String, Object>();
        m.put("faultCode", code);
        m.put("faultString", faultString);
        return m;
    }

    private static void value(XmlBytes out, Object v) {
        switch (v) {
            case String s -> {
                out.raw(STRING);
                out.escaped(s);
                out.raw(STRING_END);
            }
            case Encoded e -> out.raw(e.xml());
            case Boolean b -> out.raw(b ? TRUE : FALSE);
            case Integer i -> scalar(out, INT, Integer.toString(i), INT_END);
            case Long l -> scalar(out, INT, Long.toString(l), INT_END);
            case Double d -> scalar(out, DOUBLE, Double.toString(d), DOUBLE_END);
            case byte[] bytes -> {
                out.raw(BASE64);
                out.raw(Base64.getMimeEncoder().encode(bytes));
                out.raw(BASE64_END);
            }
            case List<?> list -> {
                out.raw(ARRAY);
                for (Object item : list) value(out, item);
                out.raw(ARRAY_END);
            }
            case Map<?, ?> map -> {
                out.raw(STRUCT);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.raw(MEMBER);
                    out.escaped((String) e.getKey());
                    out.raw(NAME_END);
                    value(out, e.getValue());
                    out.raw(MEMBER_END);
                }
                out.raw(STRUCT_END);
            }
            default -> throw new IllegalArgumentException("cannot marshal " + v.getClass().getName());
        }
    }

    private static void scalar(XmlBytes out, byte[] open, String text, byte[] close) {
        out.raw(open);
        out.ascii(text);
        out.raw(close);
    }
}
