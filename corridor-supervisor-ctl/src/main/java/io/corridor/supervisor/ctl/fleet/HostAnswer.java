package io.corridor.supervisor.ctl.fleet;

import io.corridor.supervisor.ctl.Console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one server answered to one command: its text lines (stdout and stderr, in that order), its JSON documents,
 * and its exit status.
 */
record HostAnswer(List<String> lines, List<Map<String, Object>> documents, int exitStatus) {

    /** A server that gave no answer: one line saying why. */
    static HostAnswer failed(int exitStatus, String why) {
        return new HostAnswer(List.of(why), List.of(), exitStatus);
    }

    /** A console whose output is kept in memory for one server's command. */
    static final class Capture {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Console console;

        Capture(boolean json) {
            console = new Console(new PrintStream(out, false, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), json, true);
        }

        Console console() {
            return console;
        }

        HostAnswer answer(int exitStatus) {
            console.flush();
            List<String> lines = new ArrayList<>();
            split(out.toString(StandardCharsets.UTF_8), lines);
            split(err.toString(StandardCharsets.UTF_8), lines);
            return new HostAnswer(lines, console.documents(), exitStatus);
        }

        private static void split(String text, List<String> into) {
            if (text.isEmpty()) return;
            for (String line : text.split("\n", -1)) into.add(line);
            if (into.getLast().isEmpty()) into.removeLast();
        }
    }
}
