package io.corridor.supervisor.os;

/**
 * A decoded wait status, as supervisord's {@code decode_wait_status}: {@code code} is the exit code, or -1 for a
 * death by signal; {@code description} is {@code exit status 1} / {@code terminated by SIGKILL (core dumped)}.
 */
public record ExitStatus(int code, String description) {

    public static ExitStatus decode(int status) {
        int termSig = status & 0x7f;
        if (termSig == 0) {
            int code = (status >> 8) & 0xff;
            return new ExitStatus(code, "exit status " + code);
        }
        if (termSig != 0x7f) {
            boolean core = (status & 0x80) != 0;
            return new ExitStatus(-1, "terminated by " + Signals.name(termSig) + (core ? " (core dumped)" : ""));
        }
        return new ExitStatus(-1, "unknown termination cause 0x%04x".formatted(status));
    }
}
