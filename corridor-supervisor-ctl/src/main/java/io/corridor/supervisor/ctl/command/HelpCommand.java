package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.ctl.Controller;

import java.util.ArrayList;
import java.util.List;

/** {@code help [command]}: the command list (laid out like Python's cmd.Cmd.columnize) or one command's usage. */
final class HelpCommand implements Command {
    private static final String HEADER = "default commands (type help <topic>):";
    static final String EXTENSIONS_HEADER = "corridor commands (type help <topic>):";

    @Override
    public String name() {
        return "help";
    }

    @Override
    public List<String> help() {
        return List.of("help\t\tPrint a list of available actions", "help <action>\tPrint help for <action>");
    }

    @Override
    public boolean run(Controller ctl, String arg) {
        if (!arg.isEmpty()) {
            Command command = arg.equals("help") ? this : ctl.commands().find(arg);
            if (command == null || (command == this && !arg.equals("help"))) {
                ctl.console().line("*** No help on " + arg);
            } else {
                command.printHelp(ctl);
            }
            return false;
        }
        List<String> names = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        for (String name : ctl.commands().names()) {
            if (name.equals("help")) continue;
            (ctl.commands().find(name).extension() ? extensions : names).add(name);
        }
        section(ctl, HEADER, names);
        // supervisorctl lists a [ctlplugin:x]'s commands the same way, in a section of their own
        section(ctl, EXTENSIONS_HEADER, extensions);
        List<String> all = new ArrayList<>(names);
        all.addAll(extensions);
        ctl.console().put("commands", all);
        return false;
    }

    private static void section(Controller ctl, String header, List<String> names) {
        ctl.console().line("");
        ctl.console().line(header);
        ctl.console().line("=".repeat(header.length()));
        for (String row : columnize(names, 79)) {
            ctl.console().line(row);
        }
        ctl.console().line("");
    }

    /** Python's {@code cmd.Cmd.columnize}: fewest rows whose columns fit the width, two spaces apart. */
    static List<String> columnize(List<String> words, int width) {
        int size = words.size();
        if (size <= 1) {
            return new ArrayList<>(words);
        }
        int rows = size;
        int[] widths = {0};
        for (int nrows = 1; nrows < size; nrows++) {
            int ncols = (size + nrows - 1) / nrows;
            int[] colWidths = new int[ncols];
            int total = -2;
            for (int col = 0; col < ncols; col++) {
                for (int row = 0; row < nrows && row + nrows * col < size; row++) {
                    colWidths[col] = Math.max(colWidths[col], words.get(row + nrows * col).length());
                }
                total += colWidths[col] + 2;
                if (total > width) {
                    break;
                }
            }
            if (total <= width) {
                rows = nrows;
                widths = colWidths;
                break;
            }
        }
        List<String> lines = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            List<String> texts = new ArrayList<>();
            for (int col = 0; col < widths.length; col++) {
                int i = row + rows * col;
                texts.add(i < size ? words.get(i) : "");
            }
            while (!texts.isEmpty() && texts.getLast().isEmpty()) {
                texts.removeLast();
            }
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < texts.size(); col++) {
                if (col > 0) {
                    line.append("  ");
                }
                Text.padRight(line, texts.get(col), widths.length == 1 ? 0 : widths[col]);
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
