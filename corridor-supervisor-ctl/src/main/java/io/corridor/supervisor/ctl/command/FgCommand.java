package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.HttpConnection;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code fg <name>}: streams a running process's stdout and stderr and sends typed lines to its stdin. */
final class FgCommand implements Command {

    @Override
    public String name() {
        return "fg";
    }

    @Override
    public List<String> help() {
        return List.of("fg <process>\tConnect to a process in foreground mode", "\t\tCtrl-C to exit");
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!ctl.upcheck()) {
            return false;
        }
        List<String> names = Command.words(arg);
        if (names.size() != 1) {
            ctl.console().error(names.isEmpty() ? "ERROR: no process name supplied"
                    : "ERROR: too many process names supplied");
            ctl.exitStatus(ExitStatus.GENERIC);
            if (names.isEmpty()) {
                printHelp(ctl);
            }
            return false;
        }
        String name = names.get(0);
        try {
            if (!isRunning(ctl, name)) {
                ctl.console().error("ERROR: process not running");
                ctl.exitStatus(ExitStatus.GENERIC);
                return false;
            }
        } catch (XmlRpcFault e) {
            if (e.code() != Fault.BAD_NAME.code()) {
                ctl.console().error("ERROR: <Fault " + e.code() + ": '" + e.faultString() + "'>");
                return false;
            }
            ctl.console().error("ERROR: bad process name supplied");
            ctl.exitStatus(ExitStatus.GENERIC);
            return false;
        }
        ctl.console().line("==> Press Ctrl-C to exit <==");
        ctl.console().out().flush();
        List<HttpConnection> streams = new ArrayList<>();
        for (String channel : List.of("stdout", "stderr")) {
            streams.add(stream(ctl, "/logtail/" + name + "/" + channel));
        }
        try {
            for (String line = ctl.input().readLine(""); line != null; line = ctl.input().readLine("")) {
                try {
                    ctl.supervisor().call("supervisor.sendProcessStdin", name, line + "\n");
                } catch (XmlRpcFault e) {
                    ctl.console().line(e.code() == Fault.NOT_RUNNING.code() ? "Process got killed"
                            : "ERROR: <Fault " + e.code() + ": '" + e.faultString() + "'>");
                    ctl.console().line("Exiting foreground");
                    return false;
                }
                if (!isRunning(ctl, name)) {
                    ctl.console().line("Process got killed");
                    ctl.console().line("Exiting foreground");
                    return false;
                }
            }
            ctl.console().line("Exiting foreground");
        } finally {
            streams.forEach(HttpConnection::close);
        }
        return false;
    }

    private static boolean isRunning(Controller ctl, String name) throws IOException, XmlRpcFault {
        Object state = ctl.supervisor().callStruct("supervisor.getProcessInfo", name).get("state");
        return Integer.valueOf(ProcessStates.RUNNING).equals(state);
    }

    /** Follows one log on a daemon thread; closing the returned connection ends it. */
    private static HttpConnection stream(Controller ctl, String path) {
        HttpConnection connection = ctl.newConnection();
        PrintStream out = ctl.console().out();
        Thread.ofPlatform().daemon().name("fg " + path).start(() -> {
            try {
                connection.request("GET", path, null, (data, length) -> {
                    synchronized (out) {
                        out.write(data, 0, length);
                        out.flush();
                    }
                    return true;
                });
            } catch (IOException ignored) {
                // the stream ends when fg closes it or the server goes away; fg reports the process state itself
            }
        });
        return connection;
    }
}
