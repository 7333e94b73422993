package io.corridor.supervisor.engine;

import io.corridor.supervisor.embed.SupervisorBuilder;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.StateChange;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.Signals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/**
 * A started engine plus what tests need around it: every state change recorded, waits on conditions (never
 * sleeps), and a cleanup that kills, by pid and process group, every child the engine ever reported.
 */
final class EngineFixture implements AutoCloseable {
    final Supervisor supervisor;
    final List<StateChange> changes = new CopyOnWriteArrayList<>();
    final Path dir;

    EngineFixture(SupervisorConfig config) {
        this.dir = config.supervisord().childlogdir();
        this.supervisor = SupervisorBuilder.of(config).build();
        supervisor.subscribe(changes::add);
        supervisor.start();
    }

    ProcessInfo info(String namespec) {
        return supervisor.process(namespec);
    }

    /**
     * Waits until the snapshot shows {@code state} and, unless the process never changed state at all, until the
     * change into it has reached this fixture's subscriber too: subscribers hear of changes on the notification
     * thread, a little after the snapshot shows them, and in order, so every earlier change has arrived as well.
     */
    ProcessInfo awaitState(String namespec, ProcessState state) {
        await("state " + state + " of " + namespec, () -> info(namespec).state() == state, Duration.ofSeconds(20));
        String name = info(namespec).name();
        await("the change of " + namespec + " to " + state + " delivered",
                () -> !changesOf(name, c -> c.to() == state).isEmpty() || neverStarted(namespec),
                Duration.ofSeconds(20));
        return info(namespec);
    }

    /** Still in its initial state: never spawned nor stopped, so no change will ever be delivered. */
    private boolean neverStarted(String namespec) {
        ProcessInfo i = info(namespec);
        return i.start() == 0 && i.stop() == 0;
    }

    List<StateChange> changesOf(String name, Predicate<StateChange> filter) {
        return changes.stream().filter(c -> c.name().equals(name)).filter(filter).toList();
    }

    /** The first delivered change of {@code name} that matches, waiting for its delivery. */
    StateChange firstChange(String name, Predicate<StateChange> filter) {
        await("a matching change of " + name + " delivered", () -> !changesOf(name, filter).isEmpty(),
                Duration.ofSeconds(20));
        return changesOf(name, filter).getFirst();
    }

    String mainLog() {
        try {
            return Files.readString(dir.resolve("supervisord.log"));
        } catch (IOException e) {
            return "";
        }
    }

    static void await(String what, BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out waiting for " + what);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static boolean alive(long pid) {
        return Files.exists(Path.of("/proc/" + pid)) && !isZombie(pid);
    }

    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Kills every child still managed, with its process group (pgid == pid; an unreaped pid cannot have been
     * reused, so this never hits a stranger), then shuts the engine down.
     */
    @Override
    public void close() {
        try {
            for (ProcessInfo i : supervisor.processes()) {
                if (i.pid() > 0) {
                    Libc.kill((int) -i.pid(), Signals.SIGKILL);
                    Libc.kill((int) i.pid(), Signals.SIGKILL);
                }
            }
        } catch (RuntimeException ignored) {
            // the engine may already be gone
        }
        supervisor.close();
    }

    /** Kills a grandchild a test started, if it is still there and still the process the test made. */
    static void killIfOurs(long pid, String marker) {
        try {
            String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            if (cmdline.contains(marker)) Libc.kill((int) pid, Signals.SIGKILL);
        } catch (IOException ignored) {
            // gone
        }
    }
}
