package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Controller;

/** Shared by {@code tail} and {@code maintail}. */
final class LogReading {
    private LogReading() {}

    /** Python {@code int(what)}: optional sign, digits, surrounding whitespace; null when not a number. */
    static Integer parseByteCount(String what) {
        try {
            return Integer.parseInt(what.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static void print(Controller ctl, String name, String channel, int bytes, String output) {
        ctl.console().line(output);
        ctl.console().put("name", name);
        ctl.console().put("channel", channel);
        ctl.console().put("bytes", bytes);
        ctl.console().put("text", output);
    }
}
