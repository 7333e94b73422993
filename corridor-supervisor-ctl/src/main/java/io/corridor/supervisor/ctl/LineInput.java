package io.corridor.supervisor.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Lines typed by the user: shell commands, confirmations, credentials. No readline: plain lines from stdin. */
public final class LineInput {
    private final InputStream stdin;
    private final Console console;
    private BufferedReader reader;

    /** Prompts go to the console's stdout, after any line it still holds. */
    public LineInput(InputStream stdin, Console console) {
        this.stdin = stdin;
        this.console = console;
    }

    /** Prints {@code prompt} (no newline) and reads one line; null at end of input. */
    public String readLine(String prompt) {
        PrintStream prompts = console.out();
        prompts.print(prompt);
        prompts.flush();
        try {
            if (reader == null) {
                reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            }
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** Like {@link #readLine} but without echo when a terminal is attached. */
    public String readPassword(String prompt) {
        java.io.Console terminal = System.console();
        if (terminal != null && stdin == System.in) {
            char[] password = terminal.readPassword("%s", prompt);
            return password == null ? null : new String(password);
        }
        return readLine(prompt);
    }
}
