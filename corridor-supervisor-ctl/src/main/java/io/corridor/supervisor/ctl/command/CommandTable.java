package io.corridor.supervisor.ctl.command;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The commands corridorctl understands, by name. */
public final class CommandTable {
    private final Map<String, Command> commands = new TreeMap<>();

    private CommandTable() {}

    public static CommandTable standard() {
        CommandTable table = new CommandTable();
        for (Command command : List.of(new StatusCommand(), new StartCommand(), new StopCommand(),
                new RestartCommand(), new SignalCommand(), new PidCommand(), new HistoryCommand(), new TailCommand(),
                new MaintailCommand(), new RereadCommand(), new UpdateCommand(), new AddCommand(),
                new RemoveCommand(), new AvailCommand(), new ClearCommand(), DaemonCommand.shutdown(),
                DaemonCommand.reload(), new VersionCommand(), new OpenCommand(), new FgCommand(), new LogrotateCommand(),
                new HelpCommand(), new QuitCommand("quit"), new QuitCommand("exit"))) {
            table.commands.put(command.name(), command);
        }
        return table;
    }

    public Command find(String name) {
        return commands.get(name);
    }

    /** Sorted, as supervisorctl lists them. */
    public List<String> names() {
        return List.copyOf(commands.keySet());
    }
}
