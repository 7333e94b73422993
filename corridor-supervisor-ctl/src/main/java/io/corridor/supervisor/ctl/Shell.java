package io.corridor.supervisor.ctl;

/** The interactive shell: runs {@code status} first, then one command per line until quit, exit or end of input. */
final class Shell {
    private final LineRunner controller;
    private final LineInput input;
    private final String prompt;

    Shell(LineRunner controller, LineInput input, String prompt) {
        this.controller = controller;
        this.input = input;
        this.prompt = prompt;
    }

    void run() {
        controller.onecmd("status");
        while (!controller.console().broken()) {
            String line = input.readLine(prompt);
            if (line == null) {
                controller.console().line("");                 // cmd.Cmd's do_EOF
                return;
            }
            if (controller.onecmd(line)) {
                return;
            }
        }
    }
}
