package io.corridor.supervisor.ctl.command;

/** Python {@code %-Ns} padding without String.format (which is slow to bootstrap in a short-lived client). */
final class Text {
    private Text() {}

    static StringBuilder padRight(StringBuilder out, String text, int width) {
        out.append(text);
        for (int i = text.codePointCount(0, text.length()); i < width; i++) {
            out.append(' ');
        }
        return out;
    }
}
