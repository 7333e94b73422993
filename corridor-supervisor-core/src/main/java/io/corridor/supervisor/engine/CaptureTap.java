package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.EventType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * supervisord's {@code POutputDispatcher.record_output}: output between {@code <!--XSUPERVISOR:BEGIN-->} and
 * {@code <!--XSUPERVISOR:END-->} is kept (its last {@code *_capture_maxbytes} bytes) instead of logged and raised as
 * PROCESS_COMMUNICATION at the end token; every piece that is "logged" (captured or not, as there) raises
 * PROCESS_LOG when {@code *_events_enabled}. As there, a tail shorter than the awaited token is held back until more
 * output arrives, and a possible token prefix at the end of a read waits for the next read.
 */
final class CaptureTap implements OutputTap {
    static final byte[] BEGIN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);

    /** Where the events go (posted to the owner thread by the implementation). */
    interface Events {
        void log(byte[] data);

        void communication(byte[] data);
    }

    private final long captureMaxBytes;     // 0: no capture mode, only PROCESS_LOG
    private final boolean logEvents;
    private final Events events;
    private byte[] pending = new byte[0];
    private boolean capturing;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    CaptureTap(long captureMaxBytes, boolean logEvents, Events events) {
        this.captureMaxBytes = captureMaxBytes;
        this.logEvents = logEvents;
        this.events = events;
    }

    @Override
    public void read(ByteBuffer bytes, Consumer<ByteBuffer> toLog) {
        if (captureMaxBytes == 0) {
            byte[] data = copy(bytes);
            toLog.accept(ByteBuffer.wrap(data));
            if (logEvents) events.log(data);
            return;
        }
        byte[] data = new byte[pending.length + bytes.remaining()];
        System.arraycopy(pending, 0, data, 0, pending.length);
        bytes.get(data, pending.length, data.length - pending.length);
        pending = data;
        record(toLog);
    }

    private void record(Consumer<ByteBuffer> toLog) {
        while (true) {
            byte[] token = capturing ? END : BEGIN;
            if (pending.length <= token.length) return; // not enough data
            byte[] data = pending;
            pending = new byte[0];
            int at = indexOf(data, token);
            if (at < 0) {
                int keep = prefixAtEnd(data, token);
                if (keep > 0) {
                    pending = Arrays.copyOfRange(data, data.length - keep, data.length);
                    data = Arrays.copyOf(data, data.length - keep);
                }
                log(data, toLog);
                return;
            }
            log(Arrays.copyOf(data, at), toLog);
            toggle();
            pending = Arrays.copyOfRange(data, at + token.length, data.length);
            if (pending.length == 0) return;
        }
    }

    private void log(byte[] data, Consumer<ByteBuffer> toLog) {
        if (data.length == 0) return;
        if (capturing) {
            captured.writeBytes(data);
            trimCapture();
        } else {
            toLog.accept(ByteBuffer.wrap(data));
        }
        if (logEvents) events.log(data);
    }

    /** supervisord's BoundIO keeps the last maxbytes bytes. */
    private void trimCapture() {
        if (captured.size() <= captureMaxBytes) return;
        byte[] all = captured.toByteArray();
        captured.reset();
        captured.write(all, (int) (all.length - captureMaxBytes), (int) captureMaxBytes);
    }

    private void toggle() {
        capturing = !capturing;
        if (!capturing) {
            events.communication(captured.toByteArray());
            captured.reset();
        }
    }

    static int indexOf(byte[] data, byte[] token) {
        outer:
        for (int i = 0; i + token.length <= data.length; i++) {
            for (int j = 0; j < token.length; j++) if (data[i + j] != token[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** supervisord's {@code find_prefix_at_end}: the longest token prefix the data ends with. */
    static int prefixAtEnd(byte[] data, byte[] token) {
        for (int l = Math.min(token.length - 1, data.length); l > 0; l--) {
            if (Arrays.equals(data, data.length - l, data.length, token, 0, l)) return l;
        }
        return 0;
    }

    static byte[] copy(ByteBuffer bytes) {
        byte[] data = new byte[bytes.remaining()];
        bytes.get(data);
        return data;
    }
}
