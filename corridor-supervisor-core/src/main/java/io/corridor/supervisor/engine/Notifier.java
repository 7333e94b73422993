package io.corridor.supervisor.engine;

import io.corridor.supervisor.StateChange;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Delivers {@link StateChange}s to subscribers on one shared notification thread, so a slow listener delays other
 * listeners but never the owner thread. The thread starts with the first subscription.
 */
final class Notifier {
    /** Queued by {@link #shutdown()}: the thread ends when it reaches it, after every change published before. */
    private static final StateChange END = new StateChange("", "", null, null, 0, 0, 0, 0, false);

    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<StateChange> queue = new LinkedBlockingQueue<>();
    private Thread thread;
    /** Set by {@link #shutdown()}: a later subscription starts no thread, since nothing will be published. */
    private boolean shutDown;

    /** Owner thread; cheap when nobody listens. */
    void publish(StateChange change) {
        if (!listeners.isEmpty()) queue.add(change);
    }

    synchronized AutoCloseable subscribe(Consumer<StateChange> listener) {
        listeners.add(listener);
        if (thread == null && !shutDown) {
            thread = Thread.ofPlatform().name("corridor-notify").daemon(true).start(this::deliver);
        }
        return () -> listeners.remove(listener);
    }

    /**
     * Owner thread, after its last publish. The changes still queued are delivered, then the thread ends: the last
     * ones of a shutdown (every process STOPPED) are the ones a subscriber keeping a history needs most.
     */
    synchronized void shutdown() {
        shutDown = true;
        if (thread != null) queue.add(END);
    }

    /**
     * Waits up to {@code millis} for the thread to end after {@link #shutdown()}: every change published before has
     * then reached the subscribers. Not from the notification thread itself (a subscriber closing the engine).
     */
    void awaitDelivered(long millis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) t.join(millis);
    }

    private void deliver() {
        try {
            for (StateChange change; (change = queue.take()) != END; ) {
                for (Consumer<StateChange> l : listeners) {
                    try {
                        l.accept(change);
                    } catch (RuntimeException e) {
                        // one broken listener must not silence the others
                    }
                }
            }
        } catch (InterruptedException e) {
            // nothing interrupts this thread; ending is all that is left to do
        }
    }
}
