package io.corridor.supervisor.server;

import io.corridor.supervisor.Supervisor;
import sun.misc.Signal;

/**
 * Turns supervisord's signals into engine calls: TERM/INT shut down, HUP reloads, USR2 reopens the logs.
 * {@code sun.misc.Signal} (module jdk.unsupported) is used because the JDK has no supported API for HUP or USR2, and
 * a shutdown hook could not keep the JVM alive while processes stop in order. SIGQUIT cannot be caught: the JVM
 * reserves it for thread dumps, so {@code kill -QUIT} prints one instead of shutting down as supervisord would.
 */
final class SignalBridge {
    private SignalBridge() {}

    static void install(Supervisor supervisor, ServerLog log) {
        Signal.handle(new Signal("TERM"), s -> {
            log.warn("received SIGTERM indicating exit request");
            supervisor.shutdown();
        });
        Signal.handle(new Signal("INT"), s -> {
            log.warn("received SIGINT indicating exit request");
            supervisor.shutdown();
        });
        Signal.handle(new Signal("HUP"), s -> {
            log.warn("received SIGHUP indicating restart request");
            supervisor.restart();
        });
        Signal.handle(new Signal("USR2"), s -> {
            log.info("received SIGUSR2 indicating log reopen request");
            supervisor.reopenLogs();
        });
    }
}
