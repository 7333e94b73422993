package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.rpc.ConnectionFailure;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** {@code shutdown} and {@code reload}: one call that ends or restarts supervisord, confirmed in the shell. */
final class DaemonCommand implements Command {
    private final String name;
    private final String method;
    private final String question;
    private final String done;
    private final String help;

    private DaemonCommand(String name, String method, String question, String done, String help) {
        this.name = name;
        this.method = method;
        this.question = question;
        this.done = done;
        this.help = help;
    }

    static DaemonCommand shutdown() {
        return new DaemonCommand("shutdown", "supervisor.shutdown", "Really shut the remote supervisord process down y/N? ",
                "Shut down", "shutdown \tShut the remote supervisord down.");
    }

    static DaemonCommand reload() {
        return new DaemonCommand("reload", "supervisor.restart", "Really restart the remote supervisord process y/N? ",
                "Restarted supervisord", "reload \t\tRestart the remote supervisord.");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> help() {
        return List.of(help);
    }

    @Override
    public boolean run(Controller ctl, String arg) throws IOException, XmlRpcFault {
        if (!arg.isEmpty()) {
            ctl.console().error("Error: " + name + " accepts no arguments");
            ctl.exitStatus(ExitStatus.GENERIC);
            printHelp(ctl);
            return false;
        }
        if (ctl.interactive()) {
            String answer = ctl.input().readLine(question);
            if (answer == null || !answer.toLowerCase(Locale.ROOT).startsWith("y")) {
                return false;
            }
        }
        try {
            ctl.supervisor().call(method);
        } catch (XmlRpcFault e) {
            if (e.code() != Fault.SHUTDOWN_STATE.code()) {
                ctl.exitStatus(ExitStatus.GENERIC);
                throw e;
            }
            if (name.equals("reload")) {
                ctl.exitStatus(ExitStatus.GENERIC);   // supervisorctl: reload fails here, shutdown does not
            }
            ctl.console().error("ERROR: already shutting down");
            return false;
        } catch (ConnectionFailure e) {
            if (name.equals("reload") || e.reason() == ConnectionFailure.Reason.OTHER) {
                throw e;
            }
            ctl.exitStatus(ExitStatus.GENERIC);
            String why = e.reason() == ConnectionFailure.Reason.REFUSED ? "refused connection" : "no such file";
            ctl.console().error("ERROR: " + ctl.serverUrl() + " " + why + " (already shut down?)");
            return false;
        }
        ctl.console().line(done);
        ctl.console().put("result", done);
        return false;
    }
}
