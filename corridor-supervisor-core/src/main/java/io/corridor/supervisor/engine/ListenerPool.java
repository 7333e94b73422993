package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.EventPoolSpec;
import io.corridor.supervisor.config.EventType;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.Errno;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code [eventlistener:x]} pool: supervisord's {@code EventListenerPool} (process.py) and the protocol half of
 * {@code PEventListenerDispatcher} (dispatchers.py). Buffers the events it subscribes to ({@code buffer_size}, the
 * oldest dropped on overflow), hands the oldest to the first RUNNING listener that said {@code READY}, one event per
 * listener at a time, and reads {@code RESULT <len>\n<body>} back; a rejected event goes back to the head of the
 * buffer. Owner thread only: envelopes are written to a listener's non-blocking stdin and what does not fit is
 * retried later, so a stuck listener never holds up the engine.
 */
final class ListenerPool {
    private static final byte[] READY = "READY\n".getBytes(StandardCharsets.US_ASCII);
    private static final int RESULT_PREFIX_LENGTH = "RESULT ".length();
    /** A listener that stops reading is looked at again after 10 ms, then less and less often, up to once a second. */
    private static final long FIRST_RETRY_NANOS = 10_000_000L, MAX_RETRY_NANOS = 1_000_000_000L;

    /** One event as this pool delivers it: the global serial and this pool's own. */
    record Delivery(BusEvent event, long serial, long poolSerial) {}

    enum ListenerState { ACKNOWLEDGED, READY, BUSY, UNKNOWN }

    /** The protocol state of one listener process. */
    private static final class Listener {
        ListenerState state = ListenerState.ACKNOWLEDGED;
        Delivery event;
        byte[] buffer = new byte[0];
        byte[] result = new byte[0];
        int resultLength = -1;       // -1: the RESULT line has not been read yet
        byte[] unsent;               // the part of an envelope the pipe did not take yet
        OwnerLoop.Deadline retry;
    }

    private final String name;
    private final EventPoolSpec spec;
    private final List<ManagedProcess> members;
    private final Map<ManagedProcess, Listener> listeners = new IdentityHashMap<>();
    private final MainLog log;
    private final OwnerLoop owner;
    private final String identifier;
    private final Deque<Delivery> buffer = new ArrayDeque<>();
    private long serial = -1;

    ListenerPool(String name, EventPoolSpec spec, List<ManagedProcess> members, MainLog log, OwnerLoop owner,
                 String identifier) {
        this.name = name;
        this.spec = spec;
        this.members = List.copyOf(members);
        this.log = log;
        this.owner = owner;
        this.identifier = identifier;
        for (ManagedProcess p : members) listeners.put(p, new Listener());
    }

    boolean subscribes(EventType type) { return spec.subscribes(type); }

    /** The bus hands over an event this pool subscribes to. */
    void accept(BusEvent event, long globalSerial) {
        add(new Delivery(event, globalSerial, ++serial), false);
        dispatch();
    }

    /** Listener state of a member, for tests and status. */
    ListenerState state(ManagedProcess p) { return listeners.get(p).state; }

    int buffered() { return buffer.size(); }

    // ------------------------------------------------------------------ process life

    /** A member changed state: a new spawn starts ACKNOWLEDGED; a dead one gives back the event it held. */
    void stateChanged(ManagedProcess p, ProcessState to) {
        Listener l = listeners.get(p);
        if (l == null) return;
        switch (to) {
            case STARTING -> reset(l, ListenerState.ACKNOWLEDGED);
            case RUNNING -> dispatch();
            case EXITED, STOPPED, BACKOFF, FATAL -> {
                // supervisord's finish(): a listener that dies while BUSY did not process its event
                Delivery held = l.event;
                reset(l, l.state);
                if (held != null) rejected(held);
            }
            default -> { }
        }
    }

    private void reset(Listener l, ListenerState state) {
        l.state = state;
        l.event = null;
        l.buffer = new byte[0];
        l.result = new byte[0];
        l.resultLength = -1;
        l.unsent = null;
        if (l.retry != null) l.retry.cancel();
        l.retry = null;
    }

    // ------------------------------------------------------------------ buffering and dispatch

    private void add(Delivery d, boolean head) {
        if (buffer.size() >= spec.bufferSize() && !buffer.isEmpty()) {
            Delivery discarded = buffer.pollFirst();
            log.error("pool " + name + " event buffer overflowed, discarding event " + discarded.serial());
        }
        if (head) buffer.addFirst(d); else buffer.addLast(d);
    }

    /** supervisord's EVENT_REJECTED: the event goes back to the head of the buffer. */
    private void rejected(Delivery d) {
        log.debug("rebuffering event " + d.serial() + " for pool " + name + " (buf size=" + buffer.size()
                + ", max=" + spec.bufferSize() + ")");
        add(d, true);
        dispatch();
    }

    /** Oldest first, while some RUNNING listener is READY. */
    void dispatch() {
        while (!buffer.isEmpty() && send(buffer.peekFirst())) buffer.pollFirst();
    }

    private boolean send(Delivery d) {
        for (ManagedProcess p : members) {
            Listener l = listeners.get(p);
            if (p.state() != ProcessState.RUNNING || l.state != ListenerState.READY) continue;
            byte[] envelope = envelope(d);
            if (!write(p, l, envelope)) {
                log.debug("epipe occurred while sending event " + d.serial() + " to listener " + p.name()
                        + ", listener state unchanged");
                continue;
            }
            l.state = ListenerState.BUSY;
            l.event = d;
            log.debug("event " + d.serial() + " sent to listener " + p.name());
            return true;
        }
        return false;
    }

    /**
     * supervisord's {@code _eventEnvelope}. {@code len} counts characters of the payload as Python does (a listener
     * reading a text-mode stdin, as {@code childutils} does, reads that many characters); the bytes are UTF-8.
     */
    byte[] envelope(Delivery d) {
        String payload = d.event().payload();
        String text = "ver:3.0 server:" + identifier + " serial:" + d.serial() + " pool:" + name + " poolserial:"
                + d.poolSerial() + " eventname:" + d.event().type().name() + " len:"
                + payload.codePointCount(0, payload.length()) + "\n" + payload;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** @return false when the listener cannot be written to (EPIPE) */
    private boolean write(ManagedProcess p, Listener l, byte[] bytes) {
        long n = p.writeStdin(bytes, 0);
        if (n < 0 && n != -Errno.EAGAIN) return false;
        int written = (int) Math.max(0, n);
        if (written < bytes.length) {
            l.unsent = Arrays.copyOfRange(bytes, written, bytes.length);
            scheduleRetry(p, l, FIRST_RETRY_NANOS);
        }
        return true;
    }

    private void scheduleRetry(ManagedProcess p, Listener l, long delayNanos) {
        int pid = p.pid();
        l.retry = owner.schedule(delayNanos, () -> {
            l.retry = null;
            if (l.unsent == null || p.pid() != pid) return;
            long n = p.writeStdin(l.unsent, 0);
            if (n < 0 && n != -Errno.EAGAIN) {
                l.unsent = null; // the listener is gone; its exit gives the event back
                return;
            }
            int written = (int) Math.max(0, n);
            l.unsent = written == l.unsent.length ? null : Arrays.copyOfRange(l.unsent, written, l.unsent.length);
            if (l.unsent != null) {
                scheduleRetry(p, l, written > 0 ? FIRST_RETRY_NANOS : Math.min(MAX_RETRY_NANOS, delayNanos * 2));
            }
        });
    }

    // ------------------------------------------------------------------ the listener's stdout

    /** What a listener wrote on stdout (posted by the I/O thread), for spawn {@code pid}. */
    void output(ManagedProcess p, int pid, byte[] data) {
        Listener l = listeners.get(p);
        if (l == null || p.pid() != pid) return;
        l.buffer = concat(l.buffer, data);
        while (l.buffer.length > 0 && step(p, l)) { }
        dispatch();
    }

    /** One pass of supervisord's {@code handle_listener_state_change}; @return true to look at the rest */
    private boolean step(ManagedProcess p, Listener l) {
        byte[] data = l.buffer;
        switch (l.state) {
            case UNKNOWN -> {
                l.buffer = new byte[0];
                return false;
            }
            case ACKNOWLEDGED -> {
                if (data.length < READY.length) return false;
                if (Arrays.equals(data, 0, READY.length, READY, 0, READY.length)) {
                    change(p, l, ListenerState.READY);
                    l.buffer = Arrays.copyOfRange(data, READY.length, data.length);
                } else {
                    change(p, l, ListenerState.UNKNOWN);
                    l.buffer = new byte[0];
                }
                l.event = null;
                return true;
            }
            case READY -> {
                // the listener sent something it was not asked for: supervisord is strict about it
                change(p, l, ListenerState.UNKNOWN);
                l.buffer = new byte[0];
                l.event = null;
                return false;
            }
            case BUSY -> {
                if (l.resultLength < 0) {
                    int pos = indexOf(data, (byte) '\n');
                    if (pos < 0) return false; // no full RESULT line yet
                    byte[] line = Arrays.copyOf(data, pos);
                    l.buffer = Arrays.copyOfRange(data, pos + 1, data.length);
                    int length = resultLength(line);
                    if (length < 0) {
                        log.warn(p.name() + ": bad result line: '" + BusEvent.text(line) + "'");
                        change(p, l, ListenerState.UNKNOWN);
                        l.buffer = new byte[0];
                        Delivery held = l.event;
                        l.event = null;
                        if (held != null) rejected(held);
                        return false;
                    }
                    l.resultLength = length;
                } else {
                    int needed = l.resultLength - l.result.length;
                    if (needed > 0) {
                        int take = Math.min(needed, data.length);
                        l.result = concat(l.result, Arrays.copyOf(data, take));
                        l.buffer = Arrays.copyOfRange(data, take, data.length);
                        needed -= take;
                    }
                    if (needed == 0) {
                        byte[] result = l.result;
                        l.result = new byte[0];
                        l.resultLength = -1;
                        handleResult(p, l, result);
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** supervisord's {@code default_handler}: {@code OK} accepts, anything else rejects (the event is resent). */
    private void handleResult(ManagedProcess p, Listener l, byte[] result) {
        Delivery held = l.event;
        l.event = null;
        if (Arrays.equals(result, "OK".getBytes(StandardCharsets.US_ASCII))) {
            log.debug(p.name() + ": event was processed");
            change(p, l, ListenerState.ACKNOWLEDGED);
        } else {
            log.warn(p.name() + ": event was rejected");
            change(p, l, ListenerState.ACKNOWLEDGED);
            if (held != null) rejected(held);
        }
    }

    private void change(ManagedProcess p, Listener l, ListenerState to) {
        log.debug(p.name() + ": " + l.state + " -> " + to);
        l.state = to;
        if (to == ListenerState.UNKNOWN) {
            log.warn(p.name() + ": has entered the UNKNOWN state and will no longer receive events, this usually "
                    + "indicates the process violated the eventlistener protocol");
        }
    }

    /**
     * The number after {@code RESULT } as Python's {@code int(bytes)} reads it (surrounding whitespace allowed);
     * like supervisord, the word itself is not checked. @return -1 when it is no non-negative integer
     */
    static int resultLength(byte[] line) {
        if (line.length < RESULT_PREFIX_LENGTH) return -1;
        String text = new String(line, RESULT_PREFIX_LENGTH, line.length - RESULT_PREFIX_LENGTH,
                StandardCharsets.ISO_8859_1).strip();
        if (text.startsWith("+")) text = text.substring(1);
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) return -1;
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) if (data[i] == b) return i;
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) return b;
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
