package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.FcgiSocketSpec;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.ListeningSocket;
import io.corridor.supervisor.os.NativeException;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The listening socket of an {@code [fcgi-program:x]} pool (supervisord's {@code SocketManager}): created when
 * the first process of the pool spawns, handed to every process as its fd 0, kept while any process of the pool
 * is starting, running or stopping (so a process restarting while the others run never closes it), and closed
 * when none is, or when the pool is removed; a unix socket's file is removed with it. Owner thread only.
 */
final class FcgiPoolSocket {
    private final FcgiSocketSpec spec;
    private final MainLog log;
    private final List<ManagedProcess> members = new ArrayList<>();
    private int fd = -1;

    FcgiPoolSocket(FcgiSocketSpec spec, MainLog log) {
        this.spec = spec;
        this.log = log;
    }

    void add(ManagedProcess process) {
        members.add(process);
    }

    String url() { return spec.url(); }

    /** The descriptor for a spawn, creating the socket if the pool has none open. */
    int acquire() throws NativeException {
        if (fd < 0) {
            log.info("Creating socket " + spec.url());
            int backlog = spec.backlog().orElse(ListeningSocket.SOMAXCONN);
            fd = spec.unixPath().isPresent()
                    ? ListeningSocket.unix(spec.unixPath().get(), spec.ownerUid().orElse(-1), spec.ownerGid().orElse(-1),
                            spec.mode(), backlog)
                    : ListeningSocket.tcp(spec.host(), spec.port(), backlog);
        }
        return fd;
    }

    /** A member changed state: the socket goes once no member is starting, running or stopping. */
    void memberChanged() {
        if (fd < 0) return;
        for (ManagedProcess p : members) {
            ProcessState s = p.state();
            if (s == ProcessState.STARTING || s == ProcessState.RUNNING || s == ProcessState.STOPPING) return;
        }
        close();
    }

    /** The pool is removed (or the supervisor stops). */
    void close() {
        if (fd < 0) return;
        log.info("Closing socket " + spec.url());
        Libc.close(fd);
        fd = -1;
        if (spec.unixPath().isPresent()) {
            try {
                Files.deleteIfExists(spec.unixPath().get());
            } catch (IOException e) {
                log.warn("could not remove " + spec.unixPath().get() + ": " + e.getMessage());
            }
        }
    }
}
