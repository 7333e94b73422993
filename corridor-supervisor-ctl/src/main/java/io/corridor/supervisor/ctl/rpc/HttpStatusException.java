package io.corridor.supervisor.ctl.rpc;

import java.io.IOException;

/** The server answered with an HTTP status other than 200 (xmlrpclib's ProtocolError). */
public final class HttpStatusException extends IOException {
    private final int status;

    public HttpStatusException(int status, String reason, String url) {
        super("<ProtocolError for " + url + ": " + status + " " + reason + ">");
        this.status = status;
    }

    public int status() {
        return status;
    }
}
