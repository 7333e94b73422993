package io.corridor.supervisor.reliability;

import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.Signals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/**
 * What the tests read from {@code /proc} (the truth the engine's reports are checked against), and waits. Shared
 * with the server module's reliability tests through this module's test-jar.
 */
public final class Proc {
    private Proc() {}

    public static final long SELF = ProcessHandle.current().pid();

    /** Polls every few ms up to {@code timeout}; never a fixed sleep. */
    public static void await(String what, BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out after " + timeout + " waiting for " + what);
            pause(5);
        }
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** Alive and not a zombie. */
    public static boolean alive(long pid) {
        String s = stat(pid);
        return s != null && !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    }

    public static long ppid(long pid) {
        String s = stat(pid);
        return s == null ? -1 : Long.parseLong(s.substring(s.lastIndexOf(')') + 2).split(" ")[1]);
    }

    /** Live (non-zombie) children of {@code parent}. */
    public static List<Long> childrenOf(long parent) {
        List<Long> out = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) dirs::iterator) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) continue;
                long pid = Long.parseLong(n);
                if (ppid(pid) == parent && alive(pid)) out.add(pid);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** User + system CPU time of this JVM (the supervisor, when the engine is embedded in the test). */
    public static Duration cpuOfSelf() {
        String s = stat(SELF);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime, stime (fields 14, 15)
        return Duration.ofMillis(ticks * 10);                          // USER_HZ is 100 on Linux
    }

    /** Resident set size of this JVM in bytes. */
    public static long rssOfSelf() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS");
    }

    public static long threadsOfSelf() {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILLs {@code pid} if it still runs a command line containing {@code marker} (never a reused pid). */
    public static void killIfOurs(long pid, String marker) {
        try {
            String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            if (cmdline.contains(marker)) Libc.kill((int) pid, Signals.SIGKILL);
        } catch (IOException ignored) {
            // gone
        }
    }

    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException e) {
            return null;
        }
    }
}
