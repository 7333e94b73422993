package io.corridor.supervisor.server;

/** A control server could not listen where the configuration says; supervisord exits 2 in this case. */
public final class ServerBindException extends Exception {
    /** supervisord's wording when the address is taken. */
    public static final String IN_USE = "Another program is already listening on a port that one of our HTTP servers "
            + "is configured to use.  Shut this program down first before starting supervisord.";

    public ServerBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
