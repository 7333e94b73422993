package io.corridor.supervisor.ctl.rpc;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes a {@code methodCall}. Parameters used by supervisorctl: strings, ints and booleans. */
final class XmlRpcWriter {
    private XmlRpcWriter() {}

    static byte[] methodCall(String method, List<Object> params) {
        StringBuilder xml = new StringBuilder(160).append("<?xml version='1.0'?>\n<methodCall>\n<methodName>");
        escape(xml, method).append("</methodName>\n<params>\n");
        for (Object param : params) {
            xml.append("<param>\n<value>");
            switch (param) {
                case String s -> escape(xml.append("<string>"), s).append("</string>");
                case Integer i -> xml.append("<int>").append(i.intValue()).append("</int>");
                case Boolean b -> xml.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
                default -> throw new IllegalArgumentException("unsupported XML-RPC parameter " + param.getClass());
            }
            xml.append("</value>\n</param>\n");
        }
        return xml.append("</params>\n</methodCall>\n").toString().getBytes(StandardCharsets.UTF_8);
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
