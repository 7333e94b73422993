package io.corridor.supervisor.config;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code log_timestamp_format}: strftime fields, checked when the configuration is read so that an unknown field
 * is an error naming file:line, not a surprise in the log. Fields: {@code %Y %y %m %d %e %H %I %M %S %p %j %a %A %b
 * %B %u %w %z %:z %Z %s %F %T %%}, plus {@code %L} (milliseconds, 3 digits) and {@code %f} (microseconds, 6 digits,
 * as Python's). Formatted in the supervisor's local time zone, like its own log.
 */
public final class Strftime {
    /** ISO-8601 with milliseconds and the zone offset: {@code 2026-12-02T04:37:57.123+00:00}. */
    public static final Strftime ISO_8601_MILLIS = new Strftime("%Y-%m-%dT%H:%M:%S.%L%:z");

    private final String pattern;
    /** Literal strings, or single-character field codes ({@code ':'} stands for {@code %:z}). */
    private final List<Object> parts;

    public Strftime(String pattern) {
        this.pattern = pattern;
        this.parts = compile(pattern);
    }

    private static List<Object> compile(String pattern) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 >= pattern.length()) throw new IllegalArgumentException("'%' at the end of " + pattern);
            char field = pattern.charAt(++i);
            if (field == '%') {
                literal.append('%');
                continue;
            }
            if (field == ':') {
                if (i + 1 >= pattern.length() || pattern.charAt(i + 1) != 'z') {
                    throw new IllegalArgumentException("unknown field '%:' in " + pattern + " (only %:z)");
                }
                i++;
            } else if ("YymdeHIMSpjaAbBuwzZsFTLf".indexOf(field) < 0) {
                throw new IllegalArgumentException("unknown field '%" + field + "' in " + pattern
                        + " (known: %Y %y %m %d %e %H %I %M %S %p %j %a %A %b %B %u %w %z %:z %Z %s %F %T %L %f %%)");
            }
            if (!literal.isEmpty()) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(field);
        }
        if (!literal.isEmpty()) parts.add(literal.toString());
        return List.copyOf(parts);
    }

    public String pattern() {
        return pattern;
    }

    /** Formats an instant in the given zone. */
    public String format(long epochMillis, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(zone);
        StringBuilder s = new StringBuilder(32);
        for (Object part : parts) {
            if (part instanceof String literal) {
                s.append(literal);
                continue;
            }
            switch ((char) (Character) part) {
                case 'Y' -> pad(s, t.getYear(), 4);
                case 'y' -> pad(s, t.getYear() % 100, 2);
                case 'm' -> pad(s, t.getMonthValue(), 2);
                case 'd' -> pad(s, t.getDayOfMonth(), 2);
                case 'e' -> s.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
                case 'H' -> pad(s, t.getHour(), 2);
                case 'I' -> pad(s, (t.getHour() + 11) % 12 + 1, 2);
                case 'M' -> pad(s, t.getMinute(), 2);
                case 'S' -> pad(s, t.getSecond(), 2);
                case 'p' -> s.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> pad(s, t.getDayOfYear(), 3);
                case 'a' -> s.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> s.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'b' -> s.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> s.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'u' -> s.append(t.getDayOfWeek().getValue());
                case 'w' -> s.append(t.getDayOfWeek().getValue() % 7);
                case 'z', ':' -> offset(s, t.getOffset().getTotalSeconds(), (char) (Character) part == ':');
                case 'Z' -> s.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 's' -> s.append(Math.floorDiv(epochMillis, 1000));
                case 'F' -> {
                    pad(s, t.getYear(), 4);
                    s.append('-');
                    pad(s, t.getMonthValue(), 2);
                    s.append('-');
                    pad(s, t.getDayOfMonth(), 2);
                }
                case 'T' -> {
                    pad(s, t.getHour(), 2);
                    s.append(':');
                    pad(s, t.getMinute(), 2);
                    s.append(':');
                    pad(s, t.getSecond(), 2);
                }
                case 'L' -> pad(s, (int) Math.floorMod(epochMillis, 1000), 3);
                case 'f' -> pad(s, (int) Math.floorMod(epochMillis, 1000) * 1000, 6);
                default -> throw new IllegalStateException("compiled an unknown field " + part);
            }
        }
        return s.toString();
    }

    private static void pad(StringBuilder s, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) s.append('0');
        s.append(digits);
    }

    private static void offset(StringBuilder s, int totalSeconds, boolean colon) {
        s.append(totalSeconds < 0 ? '-' : '+');
        int minutes = Math.abs(totalSeconds) / 60;
        pad(s, minutes / 60, 2);
        if (colon) s.append(':');
        pad(s, minutes % 60, 2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Strftime other && other.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
