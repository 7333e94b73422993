package io.corridor.supervisor.ctl.rpc;

/** An XML-RPC fault from the server, e.g. {@code 10 BAD_NAME: nosuch}; the codes are {@link io.corridor.supervisor.Fault}'s. */
public final class XmlRpcFault extends Exception {
    private final int code;
    private final String faultString;

    public XmlRpcFault(int code, String faultString) {
        super(code + " " + faultString, null, false, false);
        this.code = code;
        this.faultString = faultString;
    }

    public int code() {
        return code;
    }

    public String faultString() {
        return faultString;
    }
}
