package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.HttpStatusException;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;
import io.corridor.supervisor.json.JsonReader;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code history <name>} (corridor only): the process's last exits from {@code GET /api/v1/processes/NAME/history},
 * oldest first — when, how long it ran, status or signal, why, and its last lines of output — and, when it was
 * stopped by hand, since when (it then stays stopped across restarts).
 */
final class HistoryCommand implements Command {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Override
    public String name() {
        return "history";
    }

    @Override
    public boolean extension() {
        return true;
    }

    @Override
    public List<String> help() {
        return List.of("history <name>\t\tThe last exits of a process (time, run time, status, reason, last output).");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        List<String> names = Command.words(arg);
        if (names.size() != 1) {
            ctl.console().error("Error: history requires exactly one process name");
            printHelp(ctl);
            ctl.exitStatus(ExitStatus.GENERIC);
            return false;
        }
        if (!ctl.upcheck()) {
            return false;
        }
        String name = names.getFirst();
        String path = "/api/v1/processes/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        Object history;
        Object view;
        try {
            byte[] body = ctl.supervisor().connection().get(path + "/history?pretty=false");
            history = JsonReader.read(body, body.length);
            byte[] v = ctl.supervisor().connection().get(path + "?fields=state,stoppedByHand&pretty=false");
            view = JsonReader.read(v, v.length);
        } catch (HttpStatusException e) {
            ctl.exitStatus(ExitStatus.GENERIC);
            if (e.status() != 404) throw e;
            try {
                ctl.supervisor().callStruct("supervisor.getProcessInfo", name);
                ctl.console().error("Error: this server keeps no exit history (it is not corridor-supervisord)");
            } catch (XmlRpcFault f) {
                if (f.code() != Fault.BAD_NAME.code()) throw f;
                ctl.console().error("No such process " + name);
            }
            return false;
        }
        List<?> exits = history instanceof List<?> l ? l : List.of();
        long stoppedAt = view instanceof Map<?, ?> m && m.get("stoppedByHand") instanceof Long s ? s : 0;
        if (ctl.console().json()) {
            ctl.console().put("name", name);
            ctl.console().put("stoppedByHand", stoppedAt);
            ctl.console().put("exits", exits);
            return false;
        }
        if (stoppedAt > 0) {
            ctl.console().line(name + " was stopped by hand at " + time(stoppedAt * 1000)
                    + "; it stays stopped across restarts until started");
        }
        if (exits.isEmpty()) {
            ctl.console().line(name + " has not exited yet");
            return false;
        }
        for (Object o : exits) {
            if (!(o instanceof Map<?, ?> r)) continue;
            double when = number(r.get("time")), ran = number(r.get("runSeconds"));
            StringBuilder line = new StringBuilder();
            line.append(time((long) (when * 1000))).append("  ");
            Text.padRight(line, String.valueOf(r.get("reason")), 13).append(' ');
            Text.padRight(line, "ran " + duration(ran), 12).append(' ');
            line.append(r.get("description"));
            if (Boolean.TRUE.equals(r.get("coreDumped")) && !String.valueOf(r.get("description")).contains("core")) {
                line.append(" (core dumped)");
            }
            line.append("  pid ").append(r.get("pid"));
            ctl.console().line(line.toString());
            if (r.get("lastOutput") instanceof List<?> out) {
                for (Object l : out) ctl.console().line("    | " + l);
            }
        }
        return false;
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()));
    }

    private static String duration(double seconds) {
        if (seconds < 60) return String.format(Locale.ROOT, "%.1fs", seconds);
        long s = (long) seconds;
        if (s < 3600) return (s / 60) + "m" + (s % 60) + "s";
        return (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }
}
