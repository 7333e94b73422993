package io.corridor.supervisor.engine;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.SupervisorException;

import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine's single owner thread: every piece of process state is touched only here. Work arrives as
 * {@link Event}s on a queue (commands from API threads, exits from the I/O thread) and as deadlines (startsecs,
 * backoff, stopwaitsecs); the thread sleeps until whichever comes first. Queued events always run before due
 * deadlines, so an exit that is already known wins over a startsecs timer that fell due at the same time.
 * <p>
 * Once the loop has stopped, calls still queued (and any posted later) are refused with SHUTDOWN_STATE instead of
 * waiting forever for a thread that will never run them.
 */
final class OwnerLoop implements Runnable, Clock {

    /** What the owner thread is asked to do. */
    sealed interface Event permits Call, ChildExited, Stop {}

    /** {@code refuse} is told why the action will never run (the loop stopped first); null when nobody waits. */
    record Call(Runnable action, Consumer<RuntimeException> refuse) implements Event {}

    /** The I/O thread saw the child's pidfd turn readable (its output already drained to the logs). */
    record ChildExited(ChildHandle child) implements Event {}

    record Stop() implements Event {}

    /** A pending deadline; {@link #cancel()} is only called on the owner thread. */
    static final class Deadline implements Comparable<Deadline>, Clock.Timer {
        private final long atNanos;
        private final long sequence;
        private final Runnable action;
        /** Told why the action will never run (the loop ended first); null when nobody waits. */
        private final Consumer<RuntimeException> refuse;
        private boolean cancelled;

        private Deadline(long atNanos, long sequence, Runnable action, Consumer<RuntimeException> refuse) {
            this.atNanos = atNanos;
            this.sequence = sequence;
            this.action = action;
            this.refuse = refuse;
        }

        @Override
        public void cancel() { cancelled = true; }

        @Override
        public int compareTo(Deadline o) {
            int c = Long.compare(atNanos, o.atNanos);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    private final LinkedTransferQueue<Event> queue = new LinkedTransferQueue<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    private final Thread thread;
    private final ErrorHandler errors;
    private final Consumer<ChildHandle> exitHandler;
    private long sequence;
    private boolean stopped;
    /** Set when the loop has ended; from then on every queued call is refused. */
    private volatile boolean closed;

    interface ErrorHandler { void failed(Throwable t); }

    OwnerLoop(String name, ErrorHandler errors, Consumer<ChildHandle> exitHandler) {
        this.errors = errors;
        this.exitHandler = exitHandler;
        this.thread = Thread.ofPlatform().name(name).daemon(false).unstarted(this);
    }

    void start() { thread.start(); }

    boolean inOwnerThread() { return Thread.currentThread() == thread; }

    /** Runs {@code action} on the owner thread, after everything already queued. */
    void post(Runnable action) { enqueue(new Call(action, null)); }

    /** Called by the I/O thread; never blocks. */
    void childExited(ChildHandle child) { enqueue(new ChildExited(child)); }

    /** Ends the loop after the events already queued. */
    void stop() { queue.add(new Stop()); }

    /** Runs {@code supplier} on the owner thread; exceptions complete the future exceptionally. */
    <T> CompletableFuture<T> call(Supplier<T> supplier) {
        CompletableFuture<T> f = new CompletableFuture<>();
        enqueue(new Call(completing(f, supplier), f::completeExceptionally));
        return f;
    }

    /** Runs {@code supplier} and completes {@code f} with its value or its exception. */
    private static <T> Runnable completing(CompletableFuture<T> f, Supplier<T> supplier) {
        return () -> {
            try {
                f.complete(supplier.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        };
    }

    private void enqueue(Event e) {
        queue.add(e);
        // The loop may have ended between the check a caller cannot make and the add: whoever sees `closed`
        // drains, and each event is polled exactly once, so none is left behind.
        if (closed) refuseQueued();
    }

    private void refuseQueued() {
        for (Event e; (e = queue.poll()) != null; ) {
            if (e instanceof Call c && c.refuse() != null) c.refuse().accept(notRun());
        }
    }

    private static SupervisorException notRun() {
        return new SupervisorException(Fault.SHUTDOWN_STATE, "the supervisor has shut down; the call was not run");
    }

    /** Owner thread only. */
    Deadline schedule(long delayNanos, Runnable action) {
        Deadline d = new Deadline(System.nanoTime() + Math.max(0, delayNanos), sequence++, action, null);
        deadlines.add(d);
        return d;
    }

    /**
     * Owner thread only: runs {@code supplier} once the events queued by now and the deadlines due by now have run.
     * How a long operation (autostart, a group start) yields between two slices: a {@link #call} would run within
     * the same drain of the queue, so the timers (startsecs, stopwaitsecs) would wait for the whole operation. If
     * the loop ends first, the future fails with SHUTDOWN_STATE.
     */
    <T> CompletableFuture<T> callAfterPending(Supplier<T> supplier) {
        CompletableFuture<T> f = new CompletableFuture<>();
        deadlines.add(new Deadline(System.nanoTime(), sequence++, completing(f, supplier), f::completeExceptionally));
        return f;
    }

    @Override
    public long wallMillis() { return System.currentTimeMillis(); }

    @Override
    public Timer after(long delayNanos, Runnable action) { return schedule(delayNanos, action); }

    void join(long millis) throws InterruptedException { thread.join(millis); }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            closed = true;
            refuseQueued();
            for (Deadline d; (d = deadlines.poll()) != null; ) {
                if (!d.cancelled && d.refuse != null) d.refuse.accept(notRun());
            }
        }
    }

    private void loop() {
        while (!stopped) {
            try {
                Event first = next();
                if (first != null) handle(first);
                for (Event e; !stopped && (e = queue.poll()) != null; ) handle(e);
                runDueDeadlines();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                errors.failed(t);
            }
        }
    }

    private Event next() throws InterruptedException {
        Deadline head = peekLive();
        if (head == null) return queue.take();
        long wait = head.atNanos - System.nanoTime();
        return wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
    }

    private Deadline peekLive() {
        Deadline d;
        while ((d = deadlines.peek()) != null && d.cancelled) deadlines.poll();
        return d;
    }

    private void runDueDeadlines() {
        long now = System.nanoTime();
        Deadline d;
        while (!stopped && (d = peekLive()) != null && d.atNanos - now <= 0) {
            deadlines.poll();
            try {
                d.action.run();
            } catch (Throwable t) {
                errors.failed(t);
            }
            // An action may have queued events (e.g. a reaped exit); they go before later deadlines.
            for (Event e; !stopped && (e = queue.poll()) != null; ) handle(e);
        }
    }

    private void handle(Event event) {
        switch (event) {
            case Call c -> {
                try {
                    c.action().run();
                } catch (Throwable t) {
                    errors.failed(t);
                }
            }
            case ChildExited x -> {
                try {
                    exitHandler.accept(x.child());
                } catch (Throwable t) {
                    errors.failed(t);
                }
            }
            case Stop s -> stopped = true;
        }
    }
}
