package io.corridor.supervisor.server.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds XML-RPC calls and reads the little the tests need from answers (fault codes, pids, states). */
final class XmlRpc {
    private XmlRpc() {}

    private static final Pattern FAULT = Pattern.compile("<name>faultCode</name>\\s*<value><int>(\\d+)</int>");
    private static final Pattern PID = Pattern.compile("<name>pid</name>\\s*<value><int>(\\d+)</int>");
    private static final Pattern STATENAME = Pattern.compile("<name>statename</name>\\s*<value><string>(\\w+)</string>");
    private static final Pattern NAME = Pattern.compile("<name>name</name>\\s*<value><string>([^<]*)</string>");

    /** Parameters: String, Integer/Long (int), Boolean. */
    static String call(String method, Object... params) {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (Object p : params) {
            sb.append("<param><value>").append(switch (p) {
                case String s -> "<string>" + s.replace("&", "&amp;").replace("<", "&lt;") + "</string>";
                case Boolean b -> "<boolean>" + (b ? 1 : 0) + "</boolean>";
                case Number n -> "<int>" + n + "</int>";
                default -> throw new IllegalArgumentException(String.valueOf(p));
            }).append("</value></param>");
        }
        return sb.append("</params></methodCall>").toString();
    }

    static OptionalInt fault(String response) {
        Matcher m = FAULT.matcher(response);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** One entry of getAllProcessInfo. */
    record Proc(String name, String state, long pid) {}

    static List<Proc> processes(String getAllProcessInfo) {
        List<Proc> out = new ArrayList<>();
        for (String struct : getAllProcessInfo.split("</struct>")) {
            Matcher n = NAME.matcher(struct), s = STATENAME.matcher(struct), p = PID.matcher(struct);
            if (n.find() && s.find() && p.find()) out.add(new Proc(n.group(1), s.group(1), Long.parseLong(p.group(1))));
        }
        return out;
    }
}
