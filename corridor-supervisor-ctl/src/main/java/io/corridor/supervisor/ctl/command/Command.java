package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;

/** One supervisorctl action ({@code do_x} + {@code help_x}). */
public interface Command {

    String name();

    /** The lines {@code help <name>} prints, tabs included, exactly as supervisorctl's. */
    List<String> help();

    /**
     * Runs with the rest of the command line ({@code arg}, stripped). Faults and I/O errors not handled here are
     * reported by the controller the way supervisorctl reports unhandled exceptions.
     *
     * @return true to leave the shell
     */
    boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault;

    /** corridor's own commands, listed apart in {@code help} as supervisorctl lists a plugin's. */
    default boolean extension() {
        return false;
    }

    default void printHelp(Controller ctl) {
        for (String line : help()) {
            ctl.console().line(line);
        }
    }

    /** Python's {@code str.split()}: whitespace-separated words. */
    static List<String> words(String arg) {
        List<String> words = new java.util.ArrayList<>();
        int start = -1;
        for (int i = 0; i <= arg.length(); i++) {
            boolean space = i == arg.length() || Character.isWhitespace(arg.charAt(i));
            if (space && start >= 0) {
                words.add(arg.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words;
    }
}
