package io.corridor.supervisor.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One cgroup v2 directory. A process placed in it takes every descendant with it, whatever they do ({@code setsid},
 * double forks): the kernel, not a walk of parent links, says who belongs to it. {@code cgroup.kill} (Linux 5.14)
 * kills them all at once; older kernels get a signal per listed pid, repeated until the group is empty.
 */
public record Cgroup(Path dir) {

    /**
     * The cgroup v2 directory this process may create groups in: its own cgroup on the unified hierarchy (from
     * {@code /proc/self/cgroup} and the {@code cgroup2} mount in {@code /proc/self/mountinfo}), if we can write
     * there. That is the case when systemd runs us with {@code Delegate=yes}, in a container that gives us our
     * own cgroup namespace writable, or as root on a host.
     */
    public static Optional<Cgroup> own() {
        try {
            String path = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) path = line.substring(3);
            }
            if (path == null) return Optional.empty();
            Path mount = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                int dash = line.indexOf(" - ");
                if (dash < 0 || !line.startsWith("cgroup2 ", dash + 3)) continue;
                String[] f = line.split(" ");
                String root = f[3];
                if (path.startsWith(root)) {
                    mount = Path.of(unescape(f[4]));
                    path = root.equals("/") ? path : path.substring(root.length());
                    break;
                }
            }
            if (mount == null) return Optional.empty();
            Path dir = path.equals("/") ? mount : mount.resolve(path.substring(1));
            if (!Files.isDirectory(dir) || !Files.isWritable(dir) || !Files.isWritable(dir.resolve("cgroup.procs"))) {
                return Optional.empty();
            }
            return Optional.of(new Cgroup(dir));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A child group, created if missing. */
    public Cgroup child(String name) throws IOException {
        Path d = dir.resolve(name);
        if (!Files.isDirectory(d)) Files.createDirectory(d);
        return new Cgroup(d);
    }

    public boolean exists() {
        return Files.isDirectory(dir);
    }

    public Path procsFile() {
        return dir.resolve("cgroup.procs");
    }

    /** Moves a process (with all its threads) into this group. */
    public void add(long pid) throws IOException {
        Files.writeString(procsFile(), Long.toString(pid), StandardCharsets.US_ASCII);
    }

    /** The pids in this group and every group below it. */
    public List<Integer> pids() {
        List<Integer> out = new ArrayList<>();
        collect(dir, out);
        return out;
    }

    private static void collect(Path d, List<Integer> out) {
        try {
            for (String line : Files.readAllLines(d.resolve("cgroup.procs"))) {
                if (!line.isBlank()) out.add(Integer.parseInt(line.strip()));
            }
            try (var children = Files.newDirectoryStream(d, Files::isDirectory)) {
                for (Path c : children) collect(c, out);
            }
        } catch (IOException | RuntimeException e) {
            // removed meanwhile
        }
    }

    /** Sends {@code signal} to every process in the group and below. @return how many were signalled */
    public int signal(int signal) {
        int n = 0;
        for (int pid : pids()) if (Libc.kill(pid, signal) == 0) n++;
        return n;
    }

    /** SIGKILL to everything in the group and below: {@code cgroup.kill} when the kernel has it, else pid by pid. */
    public void killAll() {
        Path kill = dir.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                Files.writeString(kill, "1", StandardCharsets.US_ASCII);
                return;
            } catch (IOException e) {
                // fall back to signalling each member
            }
        }
        signal(Signals.SIGKILL);
    }

    /** True while a live process is in the group or below ({@code cgroup.events}); false once it is gone. */
    public boolean populated() {
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup.events"))) {
                if (line.startsWith("populated ")) return !line.endsWith(" 0");
            }
        } catch (IOException e) {
            return false;
        }
        return !pids().isEmpty();
    }

    /** {@code oom_kill} of {@code memory.events}: kills by the kernel's OOM killer; empty without the memory controller. */
    public OptionalLong oomKills() {
        return keyed("memory.events", "oom_kill");
    }

    /** {@code memory.current}; empty without the memory controller. */
    public OptionalLong memoryBytes() {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(dir.resolve("memory.current")).strip()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code usage_usec} of {@code cpu.stat} (there even without the cpu controller). */
    public OptionalLong cpuMicros() {
        return keyed("cpu.stat", "usage_usec");
    }

    private OptionalLong keyed(String file, String key) {
        try {
            for (String line : Files.readAllLines(dir.resolve(file))) {
                if (line.startsWith(key + " ")) return OptionalLong.of(Long.parseLong(line.substring(key.length() + 1).strip()));
            }
        } catch (IOException | RuntimeException e) {
            // no such controller
        }
        return OptionalLong.empty();
    }

    /** The root of its hierarchy (only non-root groups have {@code cgroup.type}). */
    public boolean isRoot() {
        return !Files.exists(dir.resolve("cgroup.type"));
    }

    /** Whether {@code controller} is available to this group ({@code cgroup.controllers}). */
    public boolean offers(String controller) {
        try {
            return List.of(Files.readString(dir.resolve("cgroup.controllers")).strip().split(" ")).contains(controller);
        } catch (IOException e) {
            return false;
        }
    }

    /** Turns on {@code controller} for the groups below this one, if offered; false when not possible. */
    public boolean enable(String controller) {
        try {
            String offered = Files.readString(dir.resolve("cgroup.controllers"));
            if (!List.of(offered.strip().split(" ")).contains(controller)) return false;
            Files.writeString(dir.resolve("cgroup.subtree_control"), "+" + controller, StandardCharsets.US_ASCII);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the group and the (empty) groups below it; a group that still has processes stays. */
    public boolean remove() {
        try (var children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path c : children) new Cgroup(c).remove();
        } catch (IOException e) {
            return !exists();
        }
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
