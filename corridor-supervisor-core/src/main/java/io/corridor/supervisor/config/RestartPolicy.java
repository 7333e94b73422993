package io.corridor.supervisor.config;

import java.time.Duration;

/**
 * Corridor's failure-policy keys of {@code [program:x]}: how long BACKOFF waits ({@code backoff},
 * {@code backoff_max}), whether FATAL is retried ({@code fatal_retry_after}), the crash-loop guard
 * ({@code min_restart_interval}) and what a FATAL program does to the whole supervisor ({@code on_fatal}).
 * {@link #DEFAULT} is supervisord's behaviour. ({@code startretries = infinite} is {@link Integer#MAX_VALUE}.)
 *
 * @param backoffMax         cap of one backoff wait; {@link Duration#ZERO} = none
 * @param fatalRetryAfter    leave FATAL and start again after this; {@link Duration#ZERO} = never
 * @param minRestartInterval autorestart never respawns sooner than this after the previous spawn
 */
public record RestartPolicy(Backoff backoff, Duration backoffMax, Duration fatalRetryAfter, Duration minRestartInterval,
                            OnFatal onFatal) {
    public static final RestartPolicy DEFAULT = new RestartPolicy(Backoff.LINEAR, Duration.ZERO, Duration.ZERO,
            Duration.ofSeconds(1), new OnFatal.Ignore());

    public enum Backoff { LINEAR, EXPONENTIAL }

    public sealed interface OnFatal {
        record Ignore() implements OnFatal {}

        /** Stop everything, then exit 0. */
        record Shutdown() implements OnFatal {}

        /** Stop everything, then exit with {@code status}. */
        record Exit(int status) implements OnFatal {}
    }

    /** The wait before retry number {@code attempt} (1-based): 1, 2, 3… s or 1, 2, 4… s, capped. */
    public Duration backoffDelay(int attempt) {
        long seconds = switch (backoff) {
            case LINEAR -> attempt;
            case EXPONENTIAL -> attempt > 31 ? Long.MAX_VALUE : 1L << (attempt - 1);
        };
        // without a cap, still no wait longer than a day (an infinite startretries must not overflow)
        long capMillis = backoffMax.isZero() ? 86_400_000L : backoffMax.toMillis();
        return Duration.ofMillis(Math.min(seconds >= 86_400 ? 86_400_000L : seconds * 1000, capMillis));
    }
}
