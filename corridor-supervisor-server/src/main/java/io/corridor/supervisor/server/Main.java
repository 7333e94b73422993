package io.corridor.supervisor.server;

import io.corridor.supervisor.config.CheckCommand;

import java.nio.file.Path;
import java.util.Arrays;

/** corridor-supervisord's command line (skeleton; the server lands with the control plane). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("check")) {
            System.exit(CheckCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("daemon")) {
            Path home = Path.of(System.getProperty("corridor.home", "."));
            System.exit(new DaemonCommand(home, System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
        }
        System.err.println("corridor-supervisord: not implemented yet");
        System.exit(2);
    }
}
