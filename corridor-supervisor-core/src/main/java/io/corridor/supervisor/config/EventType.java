package io.corridor.supervisor.config;

import java.util.Locale;
import java.util.Optional;

/**
 * supervisord's event types ({@code supervisor/events.py} {@code EventTypes}) with their class hierarchy: a listener
 * subscribed to an abstract type ({@code EVENT}, {@code PROCESS_STATE}, {@code TICK}, ...) receives every subtype,
 * as supervisord's {@code isinstance} check gives it. The abstract types are never raised themselves.
 */
public enum EventType {
    EVENT(null, true),
    PROCESS_STATE(EVENT, true),
    PROCESS_STATE_STOPPED(PROCESS_STATE, false),
    PROCESS_STATE_EXITED(PROCESS_STATE, false),
    PROCESS_STATE_STARTING(PROCESS_STATE, false),
    PROCESS_STATE_STOPPING(PROCESS_STATE, false),
    PROCESS_STATE_BACKOFF(PROCESS_STATE, false),
    PROCESS_STATE_FATAL(PROCESS_STATE, false),
    PROCESS_STATE_RUNNING(PROCESS_STATE, false),
    PROCESS_STATE_UNKNOWN(PROCESS_STATE, false),
    PROCESS_COMMUNICATION(EVENT, true),
    PROCESS_COMMUNICATION_STDOUT(PROCESS_COMMUNICATION, false),
    PROCESS_COMMUNICATION_STDERR(PROCESS_COMMUNICATION, false),
    PROCESS_LOG(EVENT, true),
    PROCESS_LOG_STDOUT(PROCESS_LOG, false),
    PROCESS_LOG_STDERR(PROCESS_LOG, false),
    REMOTE_COMMUNICATION(EVENT, false),
    SUPERVISOR_STATE_CHANGE(EVENT, true),
    SUPERVISOR_STATE_CHANGE_RUNNING(SUPERVISOR_STATE_CHANGE, false),
    SUPERVISOR_STATE_CHANGE_STOPPING(SUPERVISOR_STATE_CHANGE, false),
    TICK(EVENT, true),
    TICK_5(TICK, false),
    TICK_60(TICK, false),
    TICK_3600(TICK, false),
    PROCESS_GROUP(EVENT, true),
    PROCESS_GROUP_ADDED(PROCESS_GROUP, false),
    PROCESS_GROUP_REMOVED(PROCESS_GROUP, false);

    private final EventType parent;
    private final boolean abstractType;

    EventType(EventType parent, boolean abstractType) {
        this.parent = parent;
        this.abstractType = abstractType;
    }

    /** True when a listener subscribed to {@code subscribed} receives an event of this type. */
    public boolean isA(EventType subscribed) {
        for (EventType t = this; t != null; t = t.parent) if (t == subscribed) return true;
        return false;
    }

    public boolean isAbstract() { return abstractType; }

    /** The type named in an {@code events=} line (case-insensitive, as supervisord upper-cases it). */
    public static Optional<EventType> byName(String name) {
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
