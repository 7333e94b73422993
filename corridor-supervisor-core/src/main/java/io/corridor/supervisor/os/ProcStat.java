package io.corridor.supervisor.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One line of {@code /proc/PID/stat}, the fields containment needs. {@code startTime} (clock ticks since boot) is
 * what tells a process from a later one that reuses its pid: a pid plus its start time names one process for the
 * life of the machine.
 */
public record ProcStat(int pid, char state, int ppid, int pgrp, int session, long userTicks, long systemTicks,
                       long startTime, long rssPages) {

    /** Linux's USER_HZ: fixed at 100 for every architecture's user-space ABI. */
    public static final int TICKS_PER_SECOND = 100;

    public static Optional<ProcStat> read(int pid) {
        try {
            return Optional.ofNullable(parse(Files.readString(Path.of("/proc/" + pid + "/stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not readable
        }
    }

    /** Parses a stat line; the command name may contain spaces and parentheses, so fields start after the last ')'. */
    static ProcStat parse(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) return null;
        int pid = Integer.parseInt(line.substring(0, line.indexOf(' ')));
        String[] f = line.substring(close + 2).split(" ");
        // f[0] is field 3 (state) of proc(5); field N is f[N - 3]
        return new ProcStat(pid, f[0].charAt(0), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Integer.parseInt(f[3]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[19]),
                Long.parseLong(f[21]));
    }

    /** A zombie has exited; only its parent's wait is missing. */
    public boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    public long cpuTicks() {
        return userTicks + systemTicks;
    }
}
