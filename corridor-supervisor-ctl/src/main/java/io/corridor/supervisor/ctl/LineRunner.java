package io.corridor.supervisor.ctl;

/** Runs the shell's lines: one server ({@link Controller}) or several ({@link io.corridor.supervisor.ctl.fleet.Fleet}). */
public interface LineRunner {

    /** Runs one command line; returns true when the shell should end. */
    boolean onecmd(String line);

    Console console();
}
