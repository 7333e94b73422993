package io.corridor.supervisor;

/** The product version reported by {@code getSupervisorVersion}, {@code --version} and the REST API. */
public final class Version {
    public static final String VERSION = "0.1.0";
    /** supervisord's XML-RPC API version; supervisorctl refuses any other. */
    public static final String API_VERSION = "3.0";

    private Version() {}
}
