package io.corridor.supervisor.server.xmlrpc;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes responses byte-for-byte like Python's {@code xmlrpclib.dumps} (what supervisord sends): same line breaks,
 * same tags, only {@code & < >} escaped, struct members in insertion order. Accepted values: {@link String},
 * {@link Integer}/{@link Long} (both {@code <int>}), {@link Boolean}, {@link Double}, {@code byte[]}, {@link List},
 * {@link Map} with string keys.
 */
public final class XmlRpcWriter {
    private static final String PROLOG = "<?xml version='1.0'?>\n";

    private XmlRpcWriter() {}

    public static String response(Object value) {
        StringBuilder sb = new StringBuilder(256).append(PROLOG)
                .append("<methodResponse>\n<params>\n<param>\n");
        value(sb, value);
        return sb.append("</param>\n</params>\n</methodResponse>\n").toString();
    }

    public static String fault(int code, String faultString) {
        StringBuilder sb = new StringBuilder(256).append(PROLOG).append("<methodResponse>\n<fault>\n");
        value(sb, faultStruct(code, faultString));
        return sb.append("</fault>\n</methodResponse>\n").toString();
    }

    /** {@code {faultCode, faultString}} in that order, as a fault or a multicall entry carries it. */
    public static Map<String, Object> faultStruct(int code, String faultString) {
        var m = new LinkedHashMap<String, Object>();
        m.put("faultCode", code);
        m.put("faultString", faultString);
        return m;
    }

    private static void value(StringBuilder sb, Object v) {
        switch (v) {
            case String s -> escape(sb.append("<value><string>"), s).append("</string></value>\n");
            case Boolean b -> sb.append("<value><boolean>").append(b ? '1' : '0').append("</boolean></value>\n");
            case Integer i -> sb.append("<value><int>").append(i).append("</int></value>\n");
            case Long l -> sb.append("<value><int>").append(l).append("</int></value>\n");
            case Double d -> sb.append("<value><double>").append(d).append("</double></value>\n");
            case byte[] bytes -> sb.append("<value><base64>\n").append(Base64.getMimeEncoder().encodeToString(bytes))
                    .append("\n</base64></value>\n");
            case List<?> list -> {
                sb.append("<value><array><data>\n");
                for (Object item : list) value(sb, item);
                sb.append("</data></array></value>\n");
            }
            case Map<?, ?> map -> {
                sb.append("<value><struct>\n");
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    escape(sb.append("<member>\n<name>"), (String) e.getKey()).append("</name>\n");
                    value(sb, e.getValue());
                    sb.append("</member>\n");
                }
                sb.append("</struct></value>\n");
            }
            default -> throw new IllegalArgumentException("cannot marshal " + v.getClass().getName());
        }
    }

    private static StringBuilder escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
        return sb;
    }
}
