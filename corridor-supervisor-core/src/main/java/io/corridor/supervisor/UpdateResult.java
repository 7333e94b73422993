package io.corridor.supervisor;

import java.util.List;

/** What {@link Supervisor#update()} found and did, one entry per group touched, in the order applied. */
public record UpdateResult(ConfigDiff diff, List<GroupUpdate> groups) {
}
