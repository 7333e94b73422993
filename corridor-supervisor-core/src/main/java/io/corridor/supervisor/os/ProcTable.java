package io.corridor.supervisor.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of every process in {@code /proc}, indexed by pid and by parent. It answers "which live processes
 * descend from this one" by the parent links, and "which belong to its session or process group" for the ones a
 * re-parenting has cut off (a double fork hands the grandchild to init or to a subreaper, but keeps its session
 * unless it called {@code setsid}).
 */
public final class ProcTable {
    private final Map<Integer, ProcStat> byPid;
    private final Map<Integer, List<ProcStat>> byParent = new HashMap<>();

    private ProcTable(Map<Integer, ProcStat> byPid) {
        this.byPid = byPid;
        for (ProcStat s : byPid.values()) byParent.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s);
    }

    public static ProcTable snapshot() {
        Map<Integer, ProcStat> all = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) continue;
                int pid;
                try {
                    pid = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                ProcStat.read(pid).ifPresent(s -> all.put(s.pid(), s));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc", e);
        }
        return new ProcTable(all);
    }

    /** For tests and for callers that already hold the stats. */
    public static ProcTable of(Collection<ProcStat> stats) {
        Map<Integer, ProcStat> all = new HashMap<>();
        for (ProcStat s : stats) all.put(s.pid(), s);
        return new ProcTable(all);
    }

    public ProcStat get(int pid) {
        return byPid.get(pid);
    }

    /** Live (non-zombie) descendants of {@code root} by parent links, root excluded, parents before children. */
    public List<ProcStat> descendants(int root) {
        List<ProcStat> out = new ArrayList<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        Set<Integer> seen = new LinkedHashSet<>();
        todo.add(root);
        seen.add(root);
        while (!todo.isEmpty()) {
            for (ProcStat c : byParent.getOrDefault(todo.poll(), List.of())) {
                if (!seen.add(c.pid())) continue;
                if (!c.zombie()) out.add(c);
                todo.add(c.pid());
            }
        }
        return out;
    }

    /**
     * Everything that belongs to the tree a process started at {@code leaderStartTime} as session and group
     * leader {@code leader}: its descendants by parent links, plus every live process still in its session or
     * process group that started no earlier than it (so a process that reuses the number later is not taken for
     * one of its members), plus the descendants of those. The leader itself is excluded.
     */
    public List<ProcStat> tree(int leader, long leaderStartTime) {
        Set<Integer> pids = new LinkedHashSet<>();
        List<ProcStat> out = new ArrayList<>();
        for (ProcStat s : descendants(leader)) if (pids.add(s.pid())) out.add(s);
        for (ProcStat s : byPid.values()) {
            if (s.pid() == leader || s.zombie() || pids.contains(s.pid())) continue;
            if ((s.session() == leader || s.pgrp() == leader) && s.startTime() >= leaderStartTime) {
                pids.add(s.pid());
                out.add(s);
                for (ProcStat d : descendants(s.pid())) if (pids.add(d.pid())) out.add(d);
            }
        }
        return out;
    }

    /** Live children whose parent is {@code parent}. */
    public List<ProcStat> children(int parent) {
        return byParent.getOrDefault(parent, List.of()).stream().filter(s -> !s.zombie()).toList();
    }
}
