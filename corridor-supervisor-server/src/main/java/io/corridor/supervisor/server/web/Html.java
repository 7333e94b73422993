package io.corridor.supervisor.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping for the server-rendered pages: every value from a config file, a log or a request goes through here. */
final class Html {
    private Html() {}

    static String text(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A query-string value. */
    static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Seconds as supervisorctl prints an uptime: {@code H:MM:SS}, with a day count in front past 24 hours. */
    static String uptime(long seconds) {
        if (seconds < 0) seconds = 0;
        long days = seconds / 86400;
        long rest = seconds % 86400;
        String hms = String.format("%d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }
}
