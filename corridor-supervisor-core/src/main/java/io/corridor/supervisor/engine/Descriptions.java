package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code description} of {@code getProcessInfo} (rpcinterface {@code _interpretProcessInfo}). */
final class Descriptions {
    private static final DateTimeFormatter STOP_TIME = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.ROOT);

    private Descriptions() {}

    static String describe(ProcessState state, long pid, long start, long stop, long now, String spawnErr, String name) {
        return switch (state) {
            case RUNNING -> "pid " + pid + ", uptime " + uptime(Math.max(0, now - start));
            case FATAL, BACKOFF -> spawnErr != null ? spawnErr : "unknown error (try \"tail " + name + "\")";
            case STOPPED, EXITED -> start != 0
                    ? STOP_TIME.format(Instant.ofEpochSecond(stop).atZone(ZoneId.systemDefault())) : "Not started";
            case STARTING, STOPPING, UNKNOWN -> "";
        };
    }

    /** {@code 5 s}, {@code 0.5 s}: a configured duration in messages. */
    static String seconds(java.time.Duration d) {
        long ms = d.toMillis();
        return (ms % 1000 == 0 ? Long.toString(ms / 1000) : java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString()) + " s";
    }

    /** Python's {@code str(timedelta(seconds=n))}: {@code 0:00:08}, {@code 1 day, 2:03:04}, {@code 3 days, 0:00:00}. */
    static String uptime(long seconds) {
        long days = seconds / 86400, rest = seconds % 86400;
        String hms = "%d:%02d:%02d".formatted(rest / 3600, rest / 60 % 60, rest % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }
}
