package io.corridor.supervisor.server.xmlrpc;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.SupervisorException;

/** A fault answered to the caller: supervisord's code and faultString ({@code NAME} or {@code NAME: detail}). */
public final class XmlRpcFault extends RuntimeException {
    private final int code;

    public XmlRpcFault(int code, String faultString) {
        super(faultString, null, false, false);
        this.code = code;
    }

    public XmlRpcFault(Fault fault) {
        this(fault.code(), fault.name());
    }

    public XmlRpcFault(Fault fault, String detail) {
        this(fault.code(), fault.name() + ": " + detail);
    }

    public static XmlRpcFault of(SupervisorException e) {
        return new XmlRpcFault(e.fault().code(), e.getMessage());
    }

    public int code() { return code; }

    public String faultString() { return getMessage(); }
}
