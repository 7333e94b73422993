package io.corridor.supervisor.config;

import java.time.Duration;
import java.util.List;

/**
 * Corridor's readiness keys of {@code [program:x]}: what must be ready before the program is spawned
 * ({@code depends_on}), how it proves it is ready ({@code ready_check}, {@code ready_timeout}) and how it stays
 * healthy ({@code health_*}). {@link #DEFAULT} is supervisord's behaviour.
 *
 * @param dependsOn names as written: {@code x} (program or group x), {@code x:*} (group x), {@code g:p}
 */
public record ReadinessSpec(List<String> dependsOn, ReadyCheck readyCheck, Duration readyTimeout, HealthSpec health) {
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    public static final ReadinessSpec DEFAULT = new ReadinessSpec(List.of(), new ReadyCheck.StartSecs(),
            DEFAULT_READY_TIMEOUT, HealthSpec.NONE);

    /** True when the child needs {@code NOTIFY_SOCKET}. */
    public boolean usesNotify() {
        return readyCheck instanceof ReadyCheck.Notify || health.check() instanceof HealthCheck.Watchdog;
    }

    /** True when the engine runs probes in the child's environment (a polled ready_check, any health check). */
    public boolean usesProbes() {
        return readyCheck instanceof ReadyCheck.Polled || health.enabled();
    }

    /** How a process proves it is ready. */
    public sealed interface ReadyCheck {
        /** supervisord's rule: still alive after startsecs. */
        record StartSecs() implements ReadyCheck {
            @Override public String toString() { return "startsecs"; }
        }

        /** systemd's {@code Type=notify}: {@code READY=1} on {@code NOTIFY_SOCKET}. */
        record Notify() implements ReadyCheck {
            @Override public String toString() { return "notify"; }
        }

        /** s6's convention: a newline written to file descriptor {@code fd}. */
        record Fd(int fd) implements ReadyCheck {
            @Override public String toString() { return "fd:" + fd; }
        }

        /** A probe that passes once. */
        record Polled(Probe probe) implements ReadyCheck {
            @Override public String toString() { return probe.toString(); }
        }
    }

    public sealed interface HealthCheck {
        record None() implements HealthCheck {}

        /** {@code WATCHDOG=1} at least once every interval, on {@code NOTIFY_SOCKET}. */
        record Watchdog() implements HealthCheck {
            @Override public String toString() { return "watchdog"; }
        }

        record Polled(Probe probe) implements HealthCheck {
            @Override public String toString() { return probe.toString(); }
        }
    }

    public enum HealthAction { RESTART, STOP, NONE }

    /** {@code health_check}, {@code health_interval}, {@code health_timeout}, {@code health_retries}, {@code health_action}. */
    public record HealthSpec(HealthCheck check, Duration interval, Duration timeout, int retries, HealthAction action) {
        public static final HealthSpec NONE = new HealthSpec(new HealthCheck.None(), Duration.ofSeconds(10),
                Duration.ofSeconds(5), 3, HealthAction.RESTART);

        public boolean enabled() { return !(check instanceof HealthCheck.None); }
    }
}
