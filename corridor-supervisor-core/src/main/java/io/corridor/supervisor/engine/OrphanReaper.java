package io.corridor.supervisor.engine;

import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.ExitStatus;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.WaitResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Opt-in reaping of orphaned grandchildren, for when we are PID 1 (a container) or asked to be a subreaper:
 * orphans are re-parented to us, and the kernel only frees them when we wait for them. On SIGCHLD the owner
 * thread sweeps {@code /proc/self/task/*}{@code /children} and reaps, pid by pid, every child it does not manage
 * (never {@code waitpid(-1)}: that would steal exits from anything else in the JVM that waits for its children).
 */
final class OrphanReaper {
    private final MainLog log;
    private final Supplier<Set<Integer>> managedPids;

    OrphanReaper(MainLog log, Supplier<Set<Integer>> managedPids) {
        this.log = log;
        this.managedPids = managedPids;
    }

    /** Becomes a subreaper (a no-op as PID 1) and sweeps on every SIGCHLD, on the owner thread. */
    void install(OwnerLoop owner) {
        if (ProcessHandle.current().pid() != 1) {
            int rc = Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1);
            if (rc != 0) log.warn("could not become a child subreaper: " + rc);
        }
        // sun.misc.Signal (jdk.unsupported) is the JDK's only signal hook. It is safe here because the engine never
        // loads java.lang.ProcessImpl, whose initialiser resets SIGCHLD to SIG_DFL and would drop this handler.
        sun.misc.Signal.handle(new sun.misc.Signal("CHLD"), s -> owner.post(this::sweep));
    }

    void sweep() {
        Set<Integer> managed = managedPids.get();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String children;
                try {
                    children = Files.readString(task.resolve("children")).strip();
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                if (children.isEmpty()) continue;
                for (String p : children.split(" ")) {
                    int pid = Integer.parseInt(p);
                    if (managed.contains(pid)) continue;
                    WaitResult w = Libc.waitpid(pid, Libc.WNOHANG);
                    if (w.reaped()) {
                        log.info("reaped unknown pid " + pid + " (" + ExitStatus.decode(w.status()).description() + ")");
                    }
                }
            }
        } catch (IOException e) {
            log.warn("orphan sweep failed: " + e.getMessage());
        }
    }
}
