package io.corridor.supervisor.ctl.rpc;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes a {@code methodCall}. Parameters used by supervisorctl: strings, ints and booleans; arrays of those. */
final class XmlRpcWriter {
    private XmlRpcWriter() {}

    static byte[] methodCall(String method, List<Object> params) {
        StringBuilder xml = new StringBuilder(160).append("<?xml version='1.0'?>\n<methodCall>\n<methodName>");
        escape(xml, method).append("</methodName>\n<params>\n");
        for (Object param : params) {
            xml.append("<param>\n<value>");
            value(xml, param);
            xml.append("</value>\n</param>\n");
        }
        return xml.append("</params>\n</methodCall>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder xml, Object param) {
        switch (param) {
            case String s -> escape(xml.append("<string>"), s).append("</string>");
            case Integer i -> xml.append("<int>").append(i.intValue()).append("</int>");
            case Boolean b -> xml.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
            case List<?> items -> {
                xml.append("<array><data>\n");
                for (Object item : items) {
                    xml.append("<value>");
                    value(xml, item);
                    xml.append("</value>\n");
                }
                xml.append("</data></array>");
            }
            default -> throw new IllegalArgumentException("unsupported XML-RPC parameter " + param.getClass());
        }
    }

    private static StringBuilder escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> out.append(c);
            }
        }
        return out;
    }
}
