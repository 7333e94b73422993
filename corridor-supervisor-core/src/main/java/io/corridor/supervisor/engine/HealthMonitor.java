package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.ReadinessSpec.HealthCheck;
import io.corridor.supervisor.config.ReadinessSpec.HealthSpec;

import java.util.List;
import java.util.Optional;

/**
 * {@code health_check} of one RUNNING process: a probe every {@code health_interval} (or, for {@code watchdog}, a
 * {@code WATCHDOG=1} expected within each interval). {@code health_retries} failures in a row make it unhealthy and
 * trigger {@code health_action}, once: the next run of the process starts counting again. Owner thread only.
 */
final class HealthMonitor {
    /** What status and the APIs show. */
    enum Health {
        NONE(""), UNKNOWN("unknown"), HEALTHY("healthy"), UNHEALTHY("unhealthy");

        final String text;

        Health(String text) { this.text = text; }
    }

    private final ManagedProcess process;
    private final ProcessContext ctx;
    private final HealthSpec spec;
    private Health health = Health.NONE;
    private int failures;
    private String lastFailure = "";
    private Clock.Timer timer;
    /** Bumped by every start and stop, so a probe answer for an earlier run is dropped. */
    private long run;
    private boolean pinged;
    private List<String> environment = List.of();
    private Optional<String> directory = Optional.empty();

    HealthMonitor(ManagedProcess process, ProcessContext ctx, HealthSpec spec) {
        this.process = process;
        this.ctx = ctx;
        this.spec = spec;
    }

    Health health() { return health; }

    String lastFailure() { return lastFailure; }

    int failures() { return failures; }

    /** The process became RUNNING. */
    void start(List<String> environment, Optional<String> directory) {
        if (!spec.enabled()) return;
        this.environment = environment;
        this.directory = directory;
        run++;
        failures = 0;
        lastFailure = "";
        pinged = false;
        health = Health.UNKNOWN;
        arm();
    }

    /** The process left RUNNING: checks end; the last verdict stays visible until the next run. */
    void stop() {
        run++;
        if (timer != null) timer.cancel();
        timer = null;
        if (health == Health.UNKNOWN) health = Health.NONE;
    }

    /** {@code WATCHDOG=1} arrived. */
    void ping() {
        pinged = true;
    }

    private void arm() {
        timer = ctx.clock().after(spec.interval().toNanos(), this::due);
    }

    private void due() {
        timer = null;
        long thisRun = run;
        switch (spec.check()) {
            case HealthCheck.Watchdog w -> {
                boolean ok = pinged;
                pinged = false;
                result(ok ? null : "no WATCHDOG=1 within " + Descriptions.seconds(spec.interval()));
            }
            case HealthCheck.Polled p -> ctx.prober().run(p.probe(), environment, directory, spec.timeout(), r -> {
                if (run == thisRun) result(r);
            });
            case HealthCheck.None n -> { }
        }
    }

    private void result(String failure) {
        if (failure == null) {
            if (health == Health.UNHEALTHY) ctx.log().info("health check of " + process.name() + " passes again");
            failures = 0;
            health = Health.HEALTHY;
            arm();
            return;
        }
        failures++;
        lastFailure = failure;
        ctx.log().warn("health check of " + process.name() + " failed (" + failures + "/" + spec.retries() + "): "
                + spec.check() + ": " + failure);
        if (failures < spec.retries()) {
            arm();
            return;
        }
        boolean wasUnhealthy = health == Health.UNHEALTHY;
        health = Health.UNHEALTHY;
        switch (spec.action()) {
            case RESTART -> {
                ctx.log().warn("restarting " + process.name() + ": unhealthy (health_action=restart)");
                process.healthRestart();
            }
            case STOP -> {
                ctx.log().warn("stopping " + process.name() + ": unhealthy (health_action=stop)");
                process.noteStopCause(io.corridor.supervisor.ExitReason.HEALTH_CHECK); // its exit record says why
                process.stop();
            }
            case NONE -> {
                if (!wasUnhealthy) ctx.log().warn(process.name() + " is unhealthy (health_action=none)");
                arm();
            }
        }
    }
}
