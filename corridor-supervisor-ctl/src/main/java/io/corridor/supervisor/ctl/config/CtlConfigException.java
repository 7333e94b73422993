package io.corridor.supervisor.ctl.config;

/** The client's configuration cannot be used; supervisorctl reports these as usage errors (exit 2). */
public final class CtlConfigException extends Exception {
    public CtlConfigException(String message) {
        super(message, null, false, false);
    }
}
