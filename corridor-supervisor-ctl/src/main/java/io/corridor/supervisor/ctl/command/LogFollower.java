package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Console;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.rpc.HttpConnection;
import io.corridor.supervisor.ctl.rpc.HttpStatusException;

import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code tail -f} / {@code maintail -f}: streams {@code GET /logtail/...} (a chunked body that never ends) to
 * stdout until the server closes, stdout goes away, or the user presses Ctrl-C (which ends the JVM).
 */
final class LogFollower {
    private LogFollower() {}

    static void follow(Controller ctl, String path) throws IOException {
        Console console = ctl.console();
        if (console.json()) {
            // one JSON document per command cannot describe an endless stream
            console.error("Error: --json cannot be used with -f");
            ctl.exitStatus(io.corridor.supervisor.ctl.ExitStatus.INVALID_ARGS);
            return;
        }
        console.line("==> Press Ctrl-C to exit <==");
        console.out().flush();
        PrintStream out = console.out();
        // a connection of its own: the stream occupies it for good
        try (HttpConnection connection = ctl.newConnection()) {
            connection.request("GET", path, null, (data, length) -> {
                out.write(data, 0, length);
                out.flush();
                return !out.checkError();
            });
        } catch (HttpStatusException e) {
            if (e.status() == 401) {
                throw e;
            }
            console.err().print(ctl.serverUrl() + path + " Cannot read, status code " + e.status() + "\n");
            console.err().flush();
        }
    }
}
