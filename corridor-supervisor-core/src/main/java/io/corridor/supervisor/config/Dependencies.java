package io.corridor.supervisor.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code depends_on} graph over process namespecs. A name is {@code x} (every process of program or group x),
 * {@code x:*} (group x) or {@code g:p} (one process). Used by the loader to refuse unknown names and cycles, and by
 * the engine to order starts and stops.
 */
public final class Dependencies {
    private final Map<String, GroupSpec> groups = new LinkedHashMap<>();

    public Dependencies(List<GroupSpec> groups) {
        for (GroupSpec g : groups) this.groups.put(g.name(), g);
    }

    /** The namespecs {@code name} stands for; empty when nothing by that name is configured. */
    public List<String> resolve(String name) {
        int colon = name.indexOf(':');
        String group = colon < 0 ? name : name.substring(0, colon);
        String process = colon < 0 || name.endsWith(":*") ? null : name.substring(colon + 1);
        GroupSpec g = groups.get(group);
        if (g == null) return List.of();
        List<String> out = new ArrayList<>();
        for (ProcessSpec p : g.processes()) if (process == null || p.name().equals(process)) out.add(p.namespec());
        return out;
    }

    /** Every namespec {@code spec} waits for. */
    public Set<String> of(ProcessSpec spec) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : spec.readiness().dependsOn()) out.addAll(resolve(name));
        return out;
    }

    /**
     * Refuses a {@code depends_on} that names nothing configured, or that closes a cycle, at the key's file and line.
     */
    static void validate(List<GroupSpec> groups, IniFile ini) throws ConfigException {
        Dependencies deps = new Dependencies(groups);
        Map<String, ProcessSpec> byNamespec = new LinkedHashMap<>();
        for (GroupSpec g : groups) for (ProcessSpec p : g.processes()) byNamespec.put(p.namespec(), p);
        for (ProcessSpec p : byNamespec.values()) {
            for (String name : p.readiness().dependsOn()) {
                if (deps.resolve(name).isEmpty()) {
                    throw error(ini, p, "depends_on: no program, group or process named " + PyText.repr(name));
                }
            }
        }
        Map<String, Integer> mark = new HashMap<>(); // 1 = on the current path, 2 = done
        for (ProcessSpec p : byNamespec.values()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> cycle = findCycle(p.namespec(), deps, byNamespec, mark, path);
            if (cycle.isPresent()) {
                ProcessSpec first = byNamespec.get(cycle.get().getFirst());
                throw error(ini, first, "depends_on makes a cycle: " + String.join(" -> ", cycle.get()));
            }
        }
    }

    private static Optional<List<String>> findCycle(String at, Dependencies deps, Map<String, ProcessSpec> all,
                                                    Map<String, Integer> mark, List<String> path) {
        Integer m = mark.get(at);
        if (m != null && m == 2) return Optional.empty();
        if (m != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
            cycle.add(at);
            return Optional.of(cycle);
        }
        mark.put(at, 1);
        path.add(at);
        for (String next : deps.of(all.get(at))) {
            Optional<List<String>> c = findCycle(next, deps, all, mark, path);
            if (c.isPresent()) return c;
        }
        path.removeLast();
        mark.put(at, 2);
        return Optional.empty();
    }

    private static ConfigException error(IniFile ini, ProcessSpec p, String problem) {
        String section = "program:" + p.programName();
        Optional<IniFile.Entry> e = ini.get(section, "depends_on");
        return e.isPresent()
                ? new ConfigException(e.get().file(), e.get().line(), section, "depends_on", problem)
                : new ConfigException(java.nio.file.Path.of(p.sourceFile()), p.sourceLine(), section, "depends_on", problem);
    }
}
