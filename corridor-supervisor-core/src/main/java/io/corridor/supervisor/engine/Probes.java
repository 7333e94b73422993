package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.Probe;
import io.corridor.supervisor.os.Errno;
import io.corridor.supervisor.os.ExitStatus;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.NativeException;
import io.corridor.supervisor.os.PosixSpawn;
import io.corridor.supervisor.os.Signals;
import io.corridor.supervisor.os.SpawnRequest;
import io.corridor.supervisor.os.SpawnedChild;
import io.corridor.supervisor.os.WaitResult;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The engine's {@link Prober}: {@code exec:} checks are children spawned from the owner thread whose exit the I/O
 * thread's epoll reports (like a program's); {@code tcp:} and {@code http://} checks run on one {@link NetProbes}
 * thread, started at the first such check. The timeout is an owner deadline: it fails the check and SIGKILLs an
 * {@code exec:} check's process group. Owner thread only.
 */
final class Probes implements Prober {
    private final OwnerLoop owner;
    private final IoLoop io;
    private final Set<Integer> pids = new HashSet<>();
    private NetProbes net;

    Probes(OwnerLoop owner, IoLoop io) {
        this.owner = owner;
        this.io = io;
    }

    /** Pids of running {@code exec:} checks: the orphan reaper must leave them to us. */
    Set<Integer> pids() { return pids; }

    @Override
    public void run(Probe probe, List<String> environment, Optional<String> directory, Duration timeout,
                    Consumer<String> done) {
        Once once = new Once(done);
        switch (probe) {
            case Probe.Exec e -> exec(e, environment, directory, timeout, once);
            case Probe.Tcp t -> {
                OwnerLoop.Deadline d = owner.schedule(timeout.toNanos(), () -> once.accept(timedOut(timeout)));
                net().submit(t, timeout, r -> owner.post(() -> { d.cancel(); once.accept(r); }));
            }
            case Probe.Http h -> {
                OwnerLoop.Deadline d = owner.schedule(timeout.toNanos(), () -> once.accept(timedOut(timeout)));
                net().submit(h, timeout, r -> owner.post(() -> { d.cancel(); once.accept(r); }));
            }
        }
    }

    private void exec(Probe.Exec e, List<String> environment, Optional<String> directory, Duration timeout,
                      Once once) {
        SpawnedChild child;
        try {
            child = PosixSpawn.spawn(new SpawnRequest("/bin/sh", List.of("sh", "-c", e.command()), environment,
                    directory, true));
        } catch (NativeException x) {
            once.accept("could not run the check: " + x.getMessage());
            return;
        }
        Libc.close(child.stdin());
        int pid = child.pid();
        pids.add(pid);
        OwnerLoop.Deadline d = owner.schedule(timeout.toNanos(), () -> {
            if (once.accept(timedOut(timeout))) Libc.kill(-pid, Signals.SIGKILL);
        });
        io.watchExit(child, () -> {
            d.cancel();
            pids.remove(pid);
            WaitResult w = Libc.waitpid(pid, Libc.WNOHANG);
            if (!w.reaped()) {
                once.accept(w.pid() < 0 ? "check status lost (" + Errno.name(w.pid()) + ")" : null);
                return;
            }
            ExitStatus es = ExitStatus.decode(w.status());
            once.accept(es.code() == 0 ? null : es.description());
        });
    }

    private NetProbes net() {
        if (net == null) net = NetProbes.start();
        return net;
    }

    void shutdown() {
        if (net != null) net.shutdown();
    }

    private static String timedOut(Duration timeout) {
        return "no answer within " + Descriptions.seconds(timeout);
    }

    /** Calls the consumer once; later results (a late answer after the timeout) are dropped. */
    private static final class Once {
        private final Consumer<String> done;
        private boolean fired;

        Once(Consumer<String> done) { this.done = done; }

        boolean accept(String result) {
            if (fired) return false;
            fired = true;
            done.accept(result);
            return true;
        }
    }
}
