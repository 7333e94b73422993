package io.corridor.supervisor.ctl.rpc;

/** An XML-RPC fault from the server, e.g. {@code 10 BAD_NAME: nosuch}. Codes are supervisord's (inventory §5.1). */
public final class XmlRpcFault extends Exception {
    public static final int UNKNOWN_METHOD = 1;
    public static final int SHUTDOWN_STATE = 6;
    public static final int BAD_NAME = 10;
    public static final int BAD_SIGNAL = 11;
    public static final int NO_FILE = 20;
    public static final int NOT_EXECUTABLE = 21;
    public static final int FAILED = 30;
    public static final int ABNORMAL_TERMINATION = 40;
    public static final int SPAWN_ERROR = 50;
    public static final int ALREADY_STARTED = 60;
    public static final int NOT_RUNNING = 70;
    public static final int SUCCESS = 80;
    public static final int ALREADY_ADDED = 90;
    public static final int STILL_RUNNING = 91;
    public static final int CANT_REREAD = 92;

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
