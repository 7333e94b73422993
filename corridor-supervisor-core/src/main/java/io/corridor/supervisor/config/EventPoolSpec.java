package io.corridor.supervisor.config;

import java.util.Set;

/**
 * What makes a group an {@code [eventlistener:x]} pool: the event types its listeners subscribe to, how many events
 * it buffers for them, and the result handler (only Supervisor's default one, {@link #DEFAULT_RESULT_HANDLER}, exists
 * here: {@code OK} accepts an event, anything else rejects it and it is delivered again).
 */
public record EventPoolSpec(Set<EventType> events, int bufferSize, String resultHandler) {
    public static final String DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";

    public EventPoolSpec {
        events = Set.copyOf(events);
    }

    /** True when a listener of this pool receives an event of {@code type}. */
    public boolean subscribes(EventType type) {
        for (EventType s : events) if (type.isA(s)) return true;
        return false;
    }
}
