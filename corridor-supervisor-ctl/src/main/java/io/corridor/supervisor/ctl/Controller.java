package io.corridor.supervisor.ctl;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.command.Command;
import io.corridor.supervisor.ctl.rpc.ClientSecurity;
import io.corridor.supervisor.ctl.rpc.HttpConnection;
import io.corridor.supervisor.ctl.command.CommandTable;
import io.corridor.supervisor.ctl.rpc.ConnectionFailure;
import io.corridor.supervisor.ctl.rpc.HttpStatusException;
import io.corridor.supervisor.ctl.rpc.ServerUrl;
import io.corridor.supervisor.ctl.rpc.SupervisorClient;
import io.corridor.supervisor.ctl.rpc.XmlRpcFault;

import java.io.IOException;

/**
 * Runs command lines against one server, keeping supervisorctl's exit-status bookkeeping: commands set
 * {@link #exitStatus}, and the last assignment wins.
 */
public final class Controller implements LineRunner, AutoCloseable {
    private static final String API_VERSION = "3.0";

    private final Console console;
    private final CommandTable commands;
    private final LineInput input;
    private final boolean interactive;
    private String serverUrl;
    private String username;
    private String password;
    private final ClientSecurity security;
    private SupervisorClient client;
    private int exitStatus = ExitStatus.SUCCESS;

    public Controller(Console console, CommandTable commands, LineInput input, boolean interactive,
                      String serverUrl, String username, String password) {
        this(console, commands, input, interactive, serverUrl, username, password, ClientSecurity.NONE);
    }

    public Controller(Console console, CommandTable commands, LineInput input, boolean interactive,
                      String serverUrl, String username, String password, ClientSecurity security) {
        this.security = security;
        this.console = console;
        this.commands = commands;
        this.input = input;
        this.interactive = interactive;
        this.serverUrl = serverUrl;
        this.username = username;
        this.password = password;
    }

    @Override
    public Console console() {
        return console;
    }

    public CommandTable commands() {
        return commands;
    }

    public LineInput input() {
        return input;
    }

    public boolean interactive() {
        return interactive;
    }

    public String serverUrl() {
        return serverUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public int exitStatus() {
        return exitStatus;
    }

    public void exitStatus(int status) {
        exitStatus = status;
    }

    /** supervisorctl's {@code set_exitstatus_from_xmlrpc_fault}. */
    public void exitStatusFromFault(int faultCode, int ignoredFaultCode) {
        if (faultCode == ignoredFaultCode || faultCode == Fault.SUCCESS.code()) {
            return;
        }
        boolean dead = faultCode == Fault.SPAWN_ERROR.code() || faultCode == Fault.ABNORMAL_TERMINATION.code()
                || faultCode == Fault.NOT_RUNNING.code();
        exitStatus = dead ? ExitStatus.NOT_RUNNING : ExitStatus.GENERIC;
    }

    /** Switches server ({@code open}); the next call connects there. */
    public void serverUrl(String url) {
        closeClient();
        serverUrl = url;
    }

    /** The XML-RPC client, connected lazily. */
    public SupervisorClient supervisor() throws IOException {
        if (client == null) {
            ServerUrl url = ServerUrl.parseOrNull(serverUrl);
            if (url == null) {
                throw new UnknownProtocolException(serverUrl);
            }
            client = new SupervisorClient(url, username, password, security);
        }
        return client;
    }

    /** A connection of its own to the current server (for a stream that occupies it), with the same credentials. */
    public HttpConnection newConnection() {
        return new HttpConnection(ServerUrl.parseOrNull(serverUrl), username, password, security);
    }

    /**
     * supervisorctl's {@code upcheck}: asks the API version; prints why the server cannot be used and returns false.
     */
    public boolean upcheck() throws IOException, XmlRpcFault {
        try {
            String api = supervisor().callString("supervisor.getVersion");
            if (!api.equals(API_VERSION)) {
                console.error("Sorry, this version of supervisorctl expects to talk to a server with API version "
                        + API_VERSION + ", but the remote version is " + api + ".");
                exitStatus = ExitStatus.NOT_INSTALLED;
                return false;
            }
        } catch (XmlRpcFault e) {
            if (e.code() == Fault.UNKNOWN_METHOD.code()) {
                console.error("Sorry, supervisord responded but did not recognize the supervisor namespace commands "
                        + "that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] "
                        + "section is enabled in the configuration file (see sample.conf).");
                exitStatus = ExitStatus.UNIMPLEMENTED_FEATURE;
                return false;
            }
            exitStatus = ExitStatus.GENERIC;
            throw e;
        } catch (ConnectionFailure e) {
            reportUnreachable(e);
            return false;
        }
        return true;
    }

    /**
     * What {@link #upcheck} says when the server cannot be reached: a refused connection or a missing socket file is
     * printed (with supervisorctl's exit status); anything else is rethrown for {@link #onecmd} to report.
     */
    public void reportUnreachable(ConnectionFailure e) throws ConnectionFailure {
        switch (e.reason()) {
            case REFUSED -> {
                console.error(serverUrl + " refused connection");
                exitStatus = ExitStatus.INSUFFICIENT_PRIVILEGES;
            }
            case NO_SUCH_FILE -> {
                console.error(serverUrl + " no such file");
                exitStatus = ExitStatus.NOT_RUNNING;
            }
            default -> {
                exitStatus = ExitStatus.GENERIC;
                throw e;
            }
        }
    }

    /** Runs one command line (cmd.Cmd's {@code onecmd}); returns true when the shell should end. */
    @Override
    public boolean onecmd(String line) {
        String stripped = line.strip();
        if (stripped.isEmpty()) {
            return false;
        }
        if (stripped.startsWith("?")) {
            stripped = "help " + stripped.substring(1);
        }
        int end = 0;
        while (end < stripped.length() && isIdentChar(stripped.charAt(end))) {
            end++;
        }
        String name = stripped.substring(0, end);
        String arg = stripped.substring(end).strip();
        Command command = name.isEmpty() ? null : commands.find(name);
        if (command == null) {
            console.error("*** Unknown syntax: " + stripped);
            exitStatus = ExitStatus.GENERIC;
            console.finish(exitStatus);
            return false;
        }
        boolean quit = false;
        try {
            quit = command.run(this, arg);
        } catch (HttpStatusException e) {
            if (e.status() == 401) {
                console.error("Server requires authentication");
                if (interactive) {
                    username = input.readLine("Username:");
                    password = input.readPassword("Password:");
                    console.line("");
                    closeClient();
                    return onecmd(line);
                }
                // supervisorctl then runs the command a second time, which fails the same way and is reported
                // as an unhandled ProtocolError: keep that second line for byte-identical output
                exitStatus = ExitStatus.GENERIC;
                unhandled("<class 'xmlrpc.client.ProtocolError'>", e.getMessage());
            } else {
                exitStatus = ExitStatus.GENERIC;
                unhandled("<class 'xmlrpc.client.ProtocolError'>", e.getMessage());
            }
        } catch (ConnectionFailure e) {
            exitStatus = ExitStatus.GENERIC;
            closeClient();
            unhandled(e.pythonDescription(), null);
        } catch (XmlRpcFault e) {
            exitStatus = ExitStatus.GENERIC;
            unhandled("<class 'xmlrpc.client.Fault'>", "<Fault " + e.code() + ": '" + e.faultString() + "'>");
        } catch (UnknownProtocolException e) {
            exitStatus = ExitStatus.GENERIC;
            unhandled("<class 'ValueError'>", e.getMessage());
        } catch (IOException | RuntimeException e) {
            exitStatus = ExitStatus.GENERIC;
            closeClient();
            unhandled("<class '" + e.getClass().getSimpleName() + "'>", e.getMessage());
        }
        console.finish(exitStatus);
        return quit;
    }

    private void unhandled(String type, String message) {
        console.error("error: " + type + (message == null ? "" : ", " + message));
    }

    private static boolean isIdentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public void close() {
        closeClient();
    }

    /** The server URL has a scheme the transport does not speak. */
    static final class UnknownProtocolException extends IOException {
        UnknownProtocolException(String url) {
            super("Unknown protocol for serverurl " + url);
        }
    }
}
