package io.corridor.supervisor.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes {@link InstanceState} as a few lines of text. A write goes to a temporary file in the same
 * directory, is flushed to disk, and replaces the old file by an atomic rename: a crash at any moment leaves the
 * old state or the new one, never half of one. Names are the last field of their line, so no quoting is needed.
 * <pre>
 * corridor-state 1
 * supervisor PID STARTTIME
 * cgroup PATH
 * child PID STARTTIME NAMESPEC
 * stopped EPOCH_MS NAMESPEC
 * </pre>
 */
final class StateFile {
    private static final String MAGIC = "corridor-state 1";

    private final Path file;

    StateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The recorded state; {@link InstanceState#EMPTY} when there is none. Unknown lines are skipped. */
    InstanceState read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return InstanceState.EMPTY;
        }
        if (lines.isEmpty() || !lines.getFirst().equals(MAGIC)) {
            throw new IOException(file + ": not a corridor state file (first line is not '" + MAGIC + "')");
        }
        long pid = 0, start = 0;
        Optional<String> cgroup = Optional.empty();
        List<InstanceState.Child> children = new ArrayList<>();
        Map<String, Long> stopped = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(" ", 4);
            try {
                switch (f[0]) {
                    case "supervisor" -> {
                        pid = Long.parseLong(f[1]);
                        start = Long.parseLong(f[2]);
                    }
                    case "cgroup" -> cgroup = Optional.of(lines.get(i).substring("cgroup ".length()));
                    case "child" -> children.add(new InstanceState.Child(Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3]));
                    case "stopped" -> stopped.put(lines.get(i).split(" ", 3)[2], Long.parseLong(f[1]));
                    default -> { /* a later version's line */ }
                }
            } catch (RuntimeException e) {
                throw new IOException(file + ":" + (i + 1) + ": cannot read '" + lines.get(i) + "'");
            }
        }
        return new InstanceState(pid, start, cgroup, List.copyOf(children), Map.copyOf(stopped));
    }

    void write(InstanceState state) throws IOException {
        StringBuilder b = new StringBuilder(MAGIC).append('\n');
        b.append("supervisor ").append(state.supervisorPid()).append(' ').append(state.supervisorStartTime()).append('\n');
        state.cgroup().ifPresent(c -> b.append("cgroup ").append(c).append('\n'));
        for (InstanceState.Child c : state.children()) {
            b.append("child ").append(c.pid()).append(' ').append(c.startTime()).append(' ').append(c.namespec()).append('\n');
        }
        state.stoppedByHand().forEach((name, at) -> b.append("stopped ").append(at).append(' ').append(name).append('\n'));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.UTF_8.encode(b.toString()));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
