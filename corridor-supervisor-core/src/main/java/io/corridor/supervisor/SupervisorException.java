package io.corridor.supervisor;

/**
 * A refused or failed control operation, carrying supervisord's fault. {@link #getMessage()} is supervisord's
 * faultString: {@code NAME} or {@code NAME: detail} (e.g. {@code BAD_NAME: nosuch}).
 */
public final class SupervisorException extends RuntimeException {
    private final Fault fault;
    private final String detail;

    public SupervisorException(Fault fault, String detail) {
        super(detail == null || detail.isEmpty() ? fault.name() : fault.name() + ": " + detail, null, false, false);
        this.fault = fault;
        this.detail = detail;
    }

    public SupervisorException(Fault fault) { this(fault, null); }

    public Fault fault() { return fault; }

    /** @return the text after {@code NAME: }, or null */
    public String detail() { return detail; }
}
