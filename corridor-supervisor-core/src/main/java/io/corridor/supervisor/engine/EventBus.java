package io.corridor.supervisor.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * supervisord's {@code events.notify}: every event raised goes to the listener pools that subscribe to its type, in
 * the order the pools were created. The global serial is taken when the first pool accepts an event, so events no
 * pool wants use none (as there); it is not reset by a reload. Owner thread only.
 */
final class EventBus {
    private final List<ListenerPool> pools = new ArrayList<>();
    private long serial = -1;

    void subscribe(ListenerPool pool) { pools.add(pool); }

    void unsubscribe(ListenerPool pool) { pools.remove(pool); }

    /** A reload starts with no subscriptions (supervisord's {@code events.clear()}). */
    void clear() { pools.clear(); }

    boolean hasSubscribers() { return !pools.isEmpty(); }

    void publish(BusEvent event) {
        if (pools.isEmpty()) return;
        long eventSerial = -1;
        for (ListenerPool pool : List.copyOf(pools)) {
            if (!pool.subscribes(event.type())) continue;
            if (eventSerial < 0) eventSerial = ++serial;
            pool.accept(event, eventSerial);
        }
    }
}
