package io.corridor.supervisor.server.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code /tail}: the end of a process's stdout/stderr log or of the main log, rendered on the server with the byte
 * offset it ends at. {@code tail.js} follows the REST stream from exactly that offset (the {@code tail -f} logic:
 * nothing shown twice, nothing skipped; a truncated or rotated file restarts from its beginning). Without
 * JavaScript the page refreshes itself every few seconds.
 */
final class TailPage {
    static final int BACKLOG = 32 * 1024;

    /** What is shown: a process's channel ({@code namespec} non-null) or the main log. */
    record Subject(String namespec, String channel) {
        String title() {
            return namespec == null ? "main log" : namespec + " " + channel;
        }

        String followUrl() {
            return namespec == null ? "/api/v1/supervisor/log?follow=true"
                    : "/api/v1/processes/" + Html.url(namespec).replace("+", "%20") + "/logs/" + channel + "?follow=true";
        }
    }

    /** The last bytes of a log and the offset just past them (the file's size when read). */
    record Tail(String text, long offset, boolean cut) {
        static Tail read(Path file) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                long from = Math.max(0, size - BACKLOG);
                ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
                while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) { }
                byte[] bytes = java.util.Arrays.copyOf(buf.array(), buf.position());
                int start = 0;
                if (from > 0) {                     // begin at a line, not in the middle of one (or of a character)
                    while (start < bytes.length && bytes[start] != '\n') start++;
                    if (start < bytes.length) start++;
                }
                return new Tail(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8), from + bytes.length, from > 0);
            } catch (NoSuchFileException e) {
                return new Tail("", 0, false);
            }
        }
    }

    private TailPage() {}

    static String render(IndexPage.Header h, Subject subject, String logFile, Tail tail, String token) {
        StringBuilder b = new StringBuilder(tail.text().length() + 4096);
        // without JavaScript, a refresh every 3 s stands in for following
        Pages.head(b, subject.title() + " · " + h.identification(), token, "tail.js",
                "<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript>\n");
        b.append("<body class=\"tail\">\n");
        Pages.bar(b, h.identification(), "<nav class=\"facts\">" + links(subject) + "</nav>\n");
        b.append("<main>\n<div class=\"tail-head\"><h1>").append(Html.text(subject.title())).append("</h1>")
                .append("<span class=\"tail-file\">").append(Html.text(logFile)).append("</span>")
                .append("<span id=\"tail-status\" class=\"live off\">static</span></div>\n");
        if (tail.cut()) b.append("<p class=\"cut\">Earlier output is in the file.</p>\n");
        b.append("<pre id=\"log\" data-follow=\"").append(Html.text(subject.followUrl())).append("\" data-offset=\"")
                .append(tail.offset()).append("\">").append(Html.text(tail.text())).append("</pre>\n</main>\n");
        Pages.footer(b, h.version());
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static String links(Subject s) {
        StringBuilder b = new StringBuilder("<a href=\"/\">Processes</a>");
        if (s.namespec() != null) {
            String ns = Html.text(Html.url(s.namespec()));
            b.append(s.channel().equals("stdout") ? "<span class=\"current\">stdout</span>"
                    : "<a href=\"/tail?name=" + ns + "\">stdout</a>");
            b.append(s.channel().equals("stderr") ? "<span class=\"current\">stderr</span>"
                    : "<a href=\"/tail?name=" + ns + "&amp;channel=stderr\">stderr</a>");
        }
        b.append(s.namespec() == null ? "<span class=\"current\">main log</span>" : "<a href=\"/tail\">main log</a>");
        return b.toString();
    }
}
