package io.corridor.supervisor.reliability;

import io.corridor.supervisor.embed.SupervisorBuilder;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.ConfigException;
import io.corridor.supervisor.config.ConfigLoader;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.Signals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real engine in this JVM, configured from a real ini file (so the reader's defaults apply), plus a cleanup that
 * kills by pid and process group every child it ever reported and every grandchild a test registered.
 */
final class EmbeddedSupervisor implements AutoCloseable {
    final Path dir;
    final Supervisor supervisor;
    private final Set<Long> seenPids = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> grandchildren = new ConcurrentHashMap<>();

    /** @param programs ini text of the {@code [program:x]} sections */
    EmbeddedSupervisor(Path dir, String programs) {
        this.dir = dir;
        Path ini = dir.resolve("supervisord.conf");
        try {
            Files.writeString(ini, """
                    [supervisord]
                    logfile=%1$s/supervisord.log
                    pidfile=%1$s/supervisord.pid
                    childlogdir=%1$s
                    loglevel=info

                    """.formatted(dir) + programs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            this.supervisor = SupervisorBuilder.of(ConfigLoader.load(ini)).build();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        supervisor.subscribe(c -> { if (c.pid() > 0) seenPids.add(c.pid()); });
        supervisor.start();
    }

    ProcessInfo info(String namespec) {
        ProcessInfo i = supervisor.process(namespec);
        if (i.pid() > 0) seenPids.add(i.pid());
        return i;
    }

    ProcessInfo awaitState(String namespec, ProcessState state) {
        Proc.await(namespec + " " + state, () -> info(namespec).state() == state, Duration.ofSeconds(20));
        return info(namespec);
    }

    /** A grandchild to kill at close if it still runs a command line containing {@code marker}. */
    void adopt(long pid, String marker) {
        grandchildren.put(pid, marker);
    }

    String mainLog() {
        try {
            return Files.readString(dir.resolve("supervisord.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            for (ProcessInfo i : supervisor.processes()) if (i.pid() > 0) seenPids.add(i.pid());
        } catch (RuntimeException ignored) {
            // the engine may already be gone
        }
        // A pid the engine has not reaped cannot have been reused, and each child leads its own process group.
        for (long pid : seenPids) {
            if (Proc.ppid(pid) == Proc.SELF) {
                Libc.kill((int) -pid, Signals.SIGKILL);
                Libc.kill((int) pid, Signals.SIGKILL);
            }
        }
        grandchildren.forEach(Proc::killIfOurs);
        supervisor.close();
    }
}
