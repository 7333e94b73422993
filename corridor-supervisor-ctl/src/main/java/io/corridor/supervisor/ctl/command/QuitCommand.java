package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Controller;

import java.util.List;

/** {@code quit}, {@code exit} (and end of input): leave the shell. */
final class QuitCommand implements Command {
    private final String name;

    QuitCommand(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> help() {
        return List.of(name + "\tExit the supervisor shell.");
    }

    @Override
    public boolean run(Controller ctl, String arg) {
        ctl.console().line("");
        return true;
    }
}
