package io.corridor.supervisor.server.xmlrpc;

/** A request body that is not an acceptable XML-RPC call; answered with HTTP 400 as supervisord does. */
public final class MalformedRequestException extends Exception {
    public MalformedRequestException(String message) {
        super(message, null, false, false);
    }
}
