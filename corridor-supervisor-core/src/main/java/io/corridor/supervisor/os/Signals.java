package io.corridor.supervisor.os;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/** Linux signal names and numbers, parsed as supervisord's {@code signal_number} does. */
public final class Signals {
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12,
            SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19;

    private static final Map<String, Integer> BY_NAME = new TreeMap<>();
    private static final String[] BY_NUMBER = new String[32];

    static {
        String[] names = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
                "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
                "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
        for (int i = 1; i < names.length; i++) {
            BY_NAME.put(names[i], i);
            BY_NUMBER[i] = names[i];
        }
        BY_NAME.put("IOT", 6);
        BY_NAME.put("POLL", 29);
        BY_NAME.put("CLD", 17);
    }

    private Signals() {}

    /** {@code TERM}, {@code SIGTERM}, {@code term}, {@code 15} → 15; empty for anything that is not a real signal. */
    public static OptionalInt parse(String value) {
        if (value == null) return OptionalInt.empty();
        String v = value.strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(v);
                return n >= 1 && n < BY_NUMBER.length ? OptionalInt.of(n) : OptionalInt.empty();
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        v = v.toUpperCase(Locale.ROOT);
        if (v.startsWith("SIG")) v = v.substring(3);
        Integer n = BY_NAME.get(v);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** 15 → {@code SIGTERM}; unknown numbers → {@code signal N}. */
    public static String name(int number) {
        return number >= 1 && number < BY_NUMBER.length ? "SIG" + BY_NUMBER[number] : "signal " + number;
    }
}
