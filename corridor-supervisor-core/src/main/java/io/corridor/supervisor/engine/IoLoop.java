package io.corridor.supervisor.engine;

import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.EpollEvents;
import io.corridor.supervisor.os.Errno;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.NativeException;
import io.corridor.supervisor.os.SpawnedChild;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The one I/O thread: a level-triggered {@code epoll_wait} over every child's stdout/stderr pipe and pidfd, plus
 * an eventfd that wakes it for queued tasks. Pipe bytes go straight from a 64 KiB native buffer into the
 * process's {@link ChannelLog}; a readable pidfd first drains that child's pipes (everything the child wrote is in
 * them once it is dead) and then tells the owner. It never waits on the owner.
 *
 * <p>A formatted stream ({@code timestamp}/{@code json}) may hold the beginning of a line; while one does,
 * {@code epoll_wait} has a timeout, and a line beginning idle for {@link #IDLE_FLUSH_MILLIS} is written as a
 * partial line (an interactive prompt shows up; nothing waits forever for a newline).
 */
final class IoLoop implements Runnable {
    private static final int BUFFER_SIZE = 64 * 1024, MAX_EVENTS = 256, WAKE_TOKEN = 0;
    /** Reads per wake-up per pipe, so one chatty child cannot starve the others. */
    private static final int READS_PER_TURN = 16;
    /** How long a held line beginning waits for the rest of its line before it is written as it is. */
    static final int IDLE_FLUSH_MILLIS = 100;

    private final int epfd;
    private final int wakefd;
    private final OwnerLoop owner;
    private final MainLog log;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Long, Watch> watches = new HashMap<>();
    /** Streams whose formatter holds the beginning of a line. */
    private final java.util.Set<ChannelLog> holding = new java.util.LinkedHashSet<>();
    private final Thread thread;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment wakeBuffer = arena.allocate(ValueLayout.JAVA_LONG);
    private final MemorySegment drainBuffer = arena.allocate(ValueLayout.JAVA_LONG);
    private final EpollEvents ctlEvent = new EpollEvents(arena, 1);
    private long nextToken = 1;
    private volatile boolean running = true;
    /** Bytes written to child log files; only this loop's thread writes it, metrics read it. */
    private volatile long bytesLogged;

    private sealed interface Watch permits PipeWatch, PidWatch, InputWatch {}

    private static final class PipeWatch implements Watch {
        final long token;
        final int fd;
        final ChannelLog sink;
        final OutputTap tap;      // null: every byte goes to the log
        boolean open = true;

        PipeWatch(long token, int fd, ChannelLog sink, OutputTap tap) {
            this.token = token;
            this.fd = fd;
            this.sink = sink;
            this.tap = tap;
        }
    }

    /** {@code onExit} runs on this thread once the pipes are drained; it hands the exit to the owner. */
    private record PidWatch(long token, int pidfd, Runnable onExit, List<PipeWatch> pipes) implements Watch {}

    /** A readiness pipe or notify socket: what is read goes to the owner. */
    private record InputWatch(long token, int fd, Consumer<byte[]> onData) implements Watch {}

    private final Map<Integer, InputWatch> inputs = new HashMap<>();

    IoLoop(OwnerLoop owner, MainLog log) throws NativeException {
        this.owner = owner;
        this.log = log;
        this.epfd = Libc.epollCreate();
        this.wakefd = Libc.eventfd();
        add(wakefd, WAKE_TOKEN);
        this.thread = Thread.ofPlatform().name("corridor-io").daemon(true).unstarted(this);
    }

    void start() { thread.start(); }

    /** Runs {@code task} on the I/O thread. */
    void execute(Runnable task) {
        tasks.add(task);
        wake();
    }

    /** Starts watching a freshly spawned child: its pipes into its logs, its pidfd for the exit. */
    void watch(ChildHandle handle, ChannelLog stdout, ChannelLog stderr) {
        watch(handle, stdout, stderr, OutputTap.Pair.NONE);
    }

    /** As {@link #watch(ChildHandle, ChannelLog, ChannelLog)}, each stream read through its tap (if any). */
    void watch(ChildHandle handle, ChannelLog stdout, ChannelLog stderr, OutputTap.Pair taps) {
        execute(() -> {
            for (ChannelLog sink : List.of(stdout, stderr)) {
                try {
                    sink.spawned(handle.pid());
                } catch (IOException e) {
                    log.error("cannot open " + sink.pathName() + ": " + e.getMessage());
                }
            }
            PipeWatch out = addPipe(handle.child().stdout(), stdout, taps.stdout());
            List<PipeWatch> pipes = handle.child().stderr() < 0 ? List.of(out)
                    : List.of(out, addPipe(handle.child().stderr(), stderr, taps.stderr()));
            long token = nextToken++;
            watches.put(token, new PidWatch(token, handle.child().pidfd(), () -> owner.childExited(handle), pipes));
            add(handle.child().pidfd(), token);
        });
    }

    /**
     * Watches a child that is not a managed process (an {@code exec:} check): its output is read and dropped, and
     * {@code onExit} runs on the owner thread after it exited (unreaped: the owner reaps it).
     */
    void watchExit(SpawnedChild child, Runnable onExit) {
        execute(() -> {
            ChannelLog drop = new ChannelLog(log);
            PipeWatch out = addPipe(child.stdout(), drop, null);
            List<PipeWatch> pipes = child.stderr() < 0 ? List.of(out) : List.of(out, addPipe(child.stderr(), drop, null));
            long token = nextToken++;
            watches.put(token, new PidWatch(token, child.pidfd(), () -> owner.post(onExit), pipes));
            add(child.pidfd(), token);
        });
    }

    /**
     * Reads {@code fd} (non-blocking; a readiness pipe or a notify socket) whenever it is readable; each read's
     * bytes go to {@code onData} on the owner thread, and end of file as an empty array. This loop owns the fd
     * from now on: {@link #closeInput} or shutdown closes it.
     */
    void watchInput(int fd, Consumer<byte[]> onData) {
        execute(() -> {
            InputWatch w = new InputWatch(nextToken++, fd, onData);
            watches.put(w.token(), w);
            inputs.put(fd, w);
            add(fd, w.token());
        });
    }

    /** Stops watching {@code fd} and closes it. */
    void closeInput(int fd) {
        execute(() -> {
            InputWatch w = inputs.remove(fd);
            if (w == null) return;
            remove(w.token(), fd);
            Libc.close(fd);
        });
    }

    /** Ends the thread after the queued tasks; pipes still open are closed. */
    void shutdown() {
        execute(() -> running = false);
    }

    void join(long millis) throws InterruptedException { thread.join(millis); }

    @Override
    public void run() {
        EpollEvents events = new EpollEvents(arena, MAX_EVENTS);
        MemorySegment buffer = arena.allocate(BUFFER_SIZE, 64);
        try {
            while (running) {
                int n = Libc.epollWait(epfd, events.segment(), MAX_EVENTS,
                        holding.isEmpty() ? -1 : IDLE_FLUSH_MILLIS);
                if (n < 0) {
                    if (-n == Errno.EINTR) continue;
                    log.critical("epoll_wait failed: " + Errno.name(n));
                    return;
                }
                for (int i = 0; i < n; i++) {
                    long token = events.data(i);
                    if (token == WAKE_TOKEN) {
                        Libc.read(wakefd, drainBuffer, 8);
                        runTasks();
                        continue;
                    }
                    switch (watches.get(token)) {
                        case PipeWatch p -> drain(p, buffer, READS_PER_TURN);
                        case PidWatch w -> exited(w, buffer);
                        case InputWatch w -> input(w, buffer);
                        case null -> { /* removed earlier in this batch */ }
                    }
                }
                if (!holding.isEmpty()) flushIdle();
            }
        } finally {
            for (Watch w : watches.values()) {
                switch (w) {
                    case PipeWatch p -> Libc.close(p.fd);
                    case PidWatch pw -> Libc.close(pw.pidfd());
                    case InputWatch iw -> Libc.close(iw.fd());
                }
            }
            watches.clear();
            Libc.close(epfd);
            Libc.close(wakefd);
        }
    }

    private void runTasks() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.critical("I/O task failed: " + e);
            }
        }
    }

    private void exited(PidWatch w, MemorySegment buffer) {
        // The child is dead, so its bytes are all in the pipes: drain them (not to EOF, a grandchild may hold the
        // pipe) before the owner hears of the exit, so a reader of the log after EXITED sees everything.
        for (PipeWatch p : w.pipes()) drain(p, buffer, Integer.MAX_VALUE);
        for (PipeWatch p : w.pipes()) flush(p.sink);
        remove(w.token(), w.pidfd());
        Libc.close(w.pidfd());
        w.onExit().run();
    }

    private void input(InputWatch w, MemorySegment buffer) {
        long r = Libc.read(w.fd(), buffer, 4096);
        if (r > 0) {
            byte[] bytes = buffer.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE);
            owner.post(() -> w.onData().accept(bytes));
        } else if (r == 0 || -r != Errno.EINTR && -r != Errno.EAGAIN) {
            inputs.remove(w.fd());
            remove(w.token(), w.fd());
            Libc.close(w.fd());
            owner.post(() -> w.onData().accept(new byte[0]));
        }
    }

    private void drain(PipeWatch p, MemorySegment buffer, int maxReads) {
        for (int i = 0; p.open && i < maxReads; i++) {
            long r = Libc.read(p.fd, buffer, BUFFER_SIZE);
            if (r > 0) {
                ByteBuffer bytes = buffer.asSlice(0, r).asByteBuffer();
                if (p.tap == null) write(p, bytes);
                else p.tap.read(bytes, b -> write(p, b));
            } else if (r == 0 || -r != Errno.EINTR && -r != Errno.EAGAIN) {
                endOfStream(p);
                p.open = false;
                remove(p.token, p.fd);
                Libc.close(p.fd);
                flush(p.sink);
                return;
            } else if (-r == Errno.EAGAIN) {
                return;
            }
        }
    }

    private void write(PipeWatch p, ByteBuffer bytes) {
        int length = bytes.remaining();
        try {
            int n = bytes.remaining();
            p.sink.write(bytes);
            if (p.sink.logged()) bytesLogged += n; // single writer: no lost update
        } catch (IOException e) {
            // A full disk fails every write: one line per failure, not one per 64 KiB, or the main log (often on
            // the same disk) floods.
            if (p.sink.writeFailed(length)) {
                log.error("error writing to " + p.sink.pathName() + ": " + e.getMessage()
                        + " (output is dropped until a write succeeds)");
            }
            return;
        }
        if (p.sink.hasPending()) holding.add(p.sink);
        long lost = p.sink.writeSucceeded();
        if (lost >= 0) log.warn("writing to " + p.sink.pathName() + " works again; " + lost + " bytes were dropped");
    }

    private void endOfStream(PipeWatch p) {
        try {
            p.sink.endOfStream();
        } catch (IOException e) {
            p.sink.writeFailed(1);
        }
    }

    /** Writes the line beginnings that waited {@link #IDLE_FLUSH_MILLIS} for the rest of their line. */
    private void flushIdle() {
        long now = System.nanoTime();
        for (var it = holding.iterator(); it.hasNext(); ) {
            ChannelLog sink = it.next();
            if (!sink.hasPending()) {
                it.remove();
            } else if (now - sink.lastInput() >= IDLE_FLUSH_MILLIS * 1_000_000L) {
                it.remove();
                flush(sink);
            }
        }
    }

    private void flush(ChannelLog sink) {
        try {
            sink.flush();
        } catch (IOException e) {
            if (sink.writeFailed(0)) {
                log.error("error writing to " + sink.pathName() + ": " + e.getMessage()
                        + " (output is dropped until a write succeeds)");
            }
        }
    }

    long bytesLogged() {
        return bytesLogged;
    }

    private PipeWatch addPipe(int fd, ChannelLog sink, OutputTap tap) {
        PipeWatch p = new PipeWatch(nextToken++, fd, sink, tap);
        watches.put(p.token, p);
        add(fd, p.token);
        return p;
    }

    private void add(int fd, long token) {
        int rc = Libc.epollCtl(epfd, Libc.EPOLL_CTL_ADD, fd, ctlEvent.single(Libc.EPOLLIN, token));
        if (rc != 0) throw new IllegalStateException("epoll_ctl ADD " + fd + ": " + Errno.name(rc));
    }

    private void remove(long token, int fd) {
        watches.remove(token);
        Libc.epollCtl(epfd, Libc.EPOLL_CTL_DEL, fd, MemorySegment.NULL);
    }

    private void wake() {
        synchronized (wakeBuffer) {
            // Several API threads may wake at once; the 8-byte eventfd write needs a buffer no one else is filling.
            wakeBuffer.set(ValueLayout.JAVA_LONG, 0, 1L);
            Libc.write(wakefd, wakeBuffer, 8);
        }
    }
}
