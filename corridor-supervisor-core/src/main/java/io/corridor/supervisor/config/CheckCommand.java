package io.corridor.supervisor.config;

import java.io.PrintStream;

/** TEMP stub (drop at merge): the config helper owns the real {@code check} subcommand. */
public final class CheckCommand {
    private CheckCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("Error: check is not implemented in this build");
        return 2;
    }
}
