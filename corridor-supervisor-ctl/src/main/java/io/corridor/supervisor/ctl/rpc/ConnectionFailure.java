package io.corridor.supervisor.ctl.rpc;

import java.io.IOException;

/**
 * The server could not be reached or the connection broke. {@link #reason()} is what supervisorctl distinguishes
 * (errno ENOENT, ECONNREFUSED, anything else).
 */
public final class ConnectionFailure extends IOException {

    public enum Reason { NO_SUCH_FILE, REFUSED, OTHER }

    private final Reason reason;

    public ConnectionFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The Python exception text supervisorctl prints for an unhandled socket error. */
    public String pythonDescription() {
        return switch (reason) {
            case NO_SUCH_FILE -> "<class 'FileNotFoundError'>, [Errno 2] No such file or directory";
            case REFUSED -> "<class 'ConnectionRefusedError'>, [Errno 111] Connection refused";
            case OTHER -> "<class 'OSError'>, " + getMessage();
        };
    }

    static ConnectionFailure classify(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No such file")) {
            return new ConnectionFailure(Reason.NO_SUCH_FILE, message, e);
        }
        if (e instanceof java.net.ConnectException || message.contains("Connection refused")) {
            return new ConnectionFailure(Reason.REFUSED, message, e);
        }
        return new ConnectionFailure(Reason.OTHER, message, e);
    }
}
