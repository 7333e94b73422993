package io.corridor.supervisor.server;

import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.os.SignalDispositions;
import io.corridor.supervisor.os.Signals;
import sun.misc.Signal;

/**
 * Turns supervisord's signals into engine calls: TERM/INT shut down, HUP applies configuration changes (as
 * {@code update}: only added, changed and removed groups are touched, where supervisord restarts everything), USR2
 * reopens the logs.
 * {@code sun.misc.Signal} (module jdk.unsupported) is used because the JDK has no supported API for HUP or USR2, and
 * a shutdown hook could not keep the JVM alive while processes stop in order. SIGQUIT cannot be caught: the JVM
 * reserves it for thread dumps, so {@code kill -QUIT} prints one instead of shutting down as supervisord would.
 * Signals inherited as ignored ({@code nohup}, {@code &} in a script) are un-ignored first, or the JVM would not
 * install the handlers ({@link SignalDispositions}).
 */
final class SignalBridge {
    private SignalBridge() {}

    static void install(Supervisor supervisor, ServerLog log) {
        install(supervisor, log, () -> { });
    }

    /**
     * @param afterUpdate runs once SIGHUP's update is applied: supervisord's SIGHUP also makes its HTTP servers
     *                    anew, so the caller re-binds changed server sections there
     */
    static void install(Supervisor supervisor, ServerLog log, Runnable afterUpdate) {
        for (int signal : new int[] {Signals.SIGTERM, Signals.SIGINT, Signals.SIGHUP, Signals.SIGUSR2}) {
            SignalDispositions.unignore(signal);
        }
        Signal.handle(new Signal("TERM"), s -> {
            log.warn("received SIGTERM indicating exit request");
            supervisor.shutdown();
        });
        Signal.handle(new Signal("INT"), s -> {
            log.warn("received SIGINT indicating exit request");
            supervisor.shutdown();
        });
        Signal.handle(new Signal("HUP"), s -> {
            log.warn("received SIGHUP indicating a configuration update request");
            try {
                supervisor.update().whenComplete((u, e) -> {
                    if (e != null) {
                        // CANT_REREAD (a broken file changes nothing) or SHUTDOWN_STATE arrive here since update()
                        // answers asynchronously; the message names the file:line
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                                ? e.getCause() : e;
                        log.error("SIGHUP: configuration not applied: " + cause.getMessage());
                        return;
                    }
                    afterUpdate.run();
                    if (u.diff().isEmpty()) log.info("SIGHUP: no configuration changes");
                    u.groups().forEach(g -> log.info("SIGHUP: " + g.group() + ": " + g.action()
                            + (g.ok() ? "" : " failed: " + g.message())));
                });
            } catch (RuntimeException e) {
                // CANT_REREAD: a broken file changes nothing; SHUTDOWN_STATE: already stopping
                log.error("SIGHUP: configuration not applied: " + e.getMessage());
            }
        });
        Signal.handle(new Signal("USR2"), s -> {
            log.info("received SIGUSR2 indicating log reopen request");
            supervisor.reopenLogs();
        });
    }
}
