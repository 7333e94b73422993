package io.corridor.supervisor.config;

/**
 * The keys corridor adds to a captured stream beyond supervisord's: its line format and its time rotation.
 *
 * @param format          {@code log_format}, overridden per stream by {@code stdout_log_format}/{@code stderr_log_format}
 * @param timestampFormat {@code log_timestamp_format}: the stamp of {@code timestamp} lines and of JSON's {@code time}
 * @param prefix          {@code log_prefix}: each line starts with {@code [namespec] } (for a shared stdout)
 * @param rotate          {@code *_logfile_rotate}
 * @param compress        {@code *_logfile_compress}: rotated backups are gzipped ({@code x.log.1.gz})
 */
public record LogOptions(LogFormat format, Strftime timestampFormat, boolean prefix, TimeRotation rotate,
                         boolean compress) {
    /** supervisord's behaviour: bytes as written, size rotation only. */
    public static final LogOptions PLAIN = new LogOptions(LogFormat.PLAIN, Strftime.ISO_8601_MILLIS, false,
            TimeRotation.NEVER, false);

    /** True when lines are rewritten on their way to the file (anything but plain bytes). */
    public boolean decorated() {
        return format != LogFormat.PLAIN || prefix;
    }
}
