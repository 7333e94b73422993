package io.corridor.supervisor.server.xmlrpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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
 * {@link Map} with string keys.
 *
 * <p>The server encodes straight into the response's buffer, outside the Java heap: a 1000-process
 * {@code getAllProcessInfo} is 1.1 MB of XML, and built as a string (then copied to bytes) it was ~4 MB of heap per
 * call, more than the young generation, so each answer was promoted and grew the old one (docs/benchmarks.md).
 */
public final class XmlRpcWriter {
    private static final String PROLOG = "<?xml version='1.0'?>\n";

    private XmlRpcWriter() {}

    /** Appends the response carrying {@code value} to {@code out}. */
    public static void response(ByteBuf out, Object value) {
        ByteBufUtil.writeAscii(out, PROLOG);
        ByteBufUtil.writeAscii(out, "<methodResponse>\n<params>\n<param>\n");
        value(out, value);
        ByteBufUtil.writeAscii(out, "</param>\n</params>\n</methodResponse>\n");
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
            ByteBufUtil.writeAscii(out, PROLOG);
            ByteBufUtil.writeAscii(out, "<methodResponse>\n<fault>\n");
            value(out, faultStruct(code, faultString));
            ByteBufUtil.writeAscii(out, "</fault>\n</methodResponse>\n");
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

    private static void value(ByteBuf out, Object v) {
        switch (v) {
            case String s -> {
                ByteBufUtil.writeAscii(out, "<value><string>");
                escape(out, s);
                ByteBufUtil.writeAscii(out, "</string></value>\n");
            }
            case Boolean b -> ByteBufUtil.writeAscii(out, b ? "<value><boolean>1</boolean></value>\n" : "<value><boolean>0</boolean></value>\n");
            case Integer i -> scalar(out, "int", Integer.toString(i));
            case Long l -> scalar(out, "int", Long.toString(l));
            case Double d -> scalar(out, "double", Double.toString(d));
            case byte[] bytes -> {
                ByteBufUtil.writeAscii(out, "<value><base64>\n");
                out.writeBytes(Base64.getMimeEncoder().encode(bytes));
                ByteBufUtil.writeAscii(out, "\n</base64></value>\n");
            }
            case List<?> list -> {
                ByteBufUtil.writeAscii(out, "<value><array><data>\n");
                for (Object item : list) value(out, item);
                ByteBufUtil.writeAscii(out, "</data></array></value>\n");
            }
            case Map<?, ?> map -> {
                ByteBufUtil.writeAscii(out, "<value><struct>\n");
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    ByteBufUtil.writeAscii(out, "<member>\n<name>");
                    escape(out, (String) e.getKey());
                    ByteBufUtil.writeAscii(out, "</name>\n");
                    value(out, e.getValue());
                    ByteBufUtil.writeAscii(out, "</member>\n");
                }
                ByteBufUtil.writeAscii(out, "</struct></value>\n");
            }
            default -> throw new IllegalArgumentException("cannot marshal " + v.getClass().getName());
        }
    }

    private static void scalar(ByteBuf out, String type, String text) {
        ByteBufUtil.writeAscii(out, "<value><");
        ByteBufUtil.writeAscii(out, type);
        out.writeByte('>');
        ByteBufUtil.writeAscii(out, text);
        ByteBufUtil.writeAscii(out, "</");
        ByteBufUtil.writeAscii(out, type);
        ByteBufUtil.writeAscii(out, "></value>\n");
    }

    /** UTF-8, with the three characters xmlrpclib escapes; the runs between them are written without a copy. */
    private static void escape(ByteBuf out, String s) {
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            String entity = switch (s.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                default -> null;
            };
            if (entity == null) continue;
            if (i > start) ByteBufUtil.writeUtf8(out, s, start, i);
            ByteBufUtil.writeAscii(out, entity);
            start = i + 1;
        }
        if (start < s.length()) ByteBufUtil.writeUtf8(out, s, start, s.length());
    }
}
