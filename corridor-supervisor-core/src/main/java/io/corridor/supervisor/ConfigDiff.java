package io.corridor.supervisor;

import java.util.List;

/** What {@code reread} found: group names added, changed and removed, each sorted. */
public record ConfigDiff(List<String> added, List<String> changed, List<String> removed) {
    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }
}
