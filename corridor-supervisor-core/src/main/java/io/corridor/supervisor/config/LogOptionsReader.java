package io.corridor.supervisor.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads corridor's log keys of a {@code [program:x]}: {@code log_format} (both streams) and its per-stream overrides,
 * {@code log_timestamp_format}, {@code log_prefix}, and per stream {@code *_logfile_rotate} and
 * {@code *_logfile_compress}. Bad values are errors at the key's file:line.
 */
final class LogOptionsReader {
    static final Set<String> KEYS = Set.of("log_format", "stdout_log_format", "stderr_log_format",
            "log_timestamp_format", "log_prefix", "stdout_logfile_rotate", "stderr_logfile_rotate",
            "stdout_logfile_compress", "stderr_logfile_compress");

    private LogOptionsReader() {
    }

    static LogOptions read(SectionValues v, String stream, Map<String, Object> common) throws ConfigException {
        LogFormat both = v.get("log_format", "plain", common, LogOptionsReader::format);
        String ownKey = stream + "_log_format";
        LogFormat format = v.has(ownKey) ? v.get(ownKey, null, common, LogOptionsReader::format) : both;
        // Not %-expanded: strftime's fields would all have to be written %%Y otherwise. The default, for every stream
        // of every process, is the shared constant: compiling it again each time was ~8% of a reread.
        String stampPattern = v.raw("log_timestamp_format", Strftime.ISO_8601_MILLIS.pattern());
        Strftime stamp = stampPattern.equals(Strftime.ISO_8601_MILLIS.pattern()) ? Strftime.ISO_8601_MILLIS
                : v.convert("log_timestamp_format", stampPattern, LogOptionsReader::strftime);
        boolean prefix = v.get("log_prefix", "false", common, Datatypes::bool);
        if (prefix && format == LogFormat.JSON) {
            throw v.error(v.has(ownKey) ? ownKey : "log_format", "log_prefix=true cannot be combined with "
                    + "log_format=json: a prefix would break the JSON lines, and each one names its program");
        }
        TimeRotation rotate = v.get(stream + "_logfile_rotate", "never", common, LogOptionsReader::rotation);
        boolean compress = v.get(stream + "_logfile_compress", "false", common, Datatypes::bool);
        LogOptions options = new LogOptions(format, stamp, prefix, rotate, compress);
        // Every stream of every process holds its options: the default ones are one shared object (a compiled
        // Strftime is a dozen strings; two per process were 0.7 KiB of heap, docs/benchmarks.md).
        return options.equals(LogOptions.PLAIN) ? LogOptions.PLAIN : options;
    }

    private static LogFormat format(String value) {
        return switch (PyText.strip(value).toLowerCase(Locale.ROOT)) {
            case "plain" -> LogFormat.PLAIN;
            case "timestamp" -> LogFormat.TIMESTAMP;
            case "json" -> LogFormat.JSON;
            default -> throw new ValueError("not a log format (plain, timestamp or json): " + PyText.repr(value));
        };
    }

    private static TimeRotation rotation(String value) {
        return switch (PyText.strip(value).toLowerCase(Locale.ROOT)) {
            case "never", "none", "size" -> TimeRotation.NEVER;
            case "hourly" -> TimeRotation.HOURLY;
            case "daily" -> TimeRotation.DAILY;
            default -> throw new ValueError("not a time rotation (hourly, daily or never): " + PyText.repr(value));
        };
    }

    private static Strftime strftime(String value) {
        try {
            return new Strftime(value);
        } catch (IllegalArgumentException e) {
            throw new ValueError(e.getMessage());
        }
    }
}
