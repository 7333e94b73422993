package io.corridor.supervisor.engine;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * I/O thread: sits between one pipe of one spawn and its log, for the streams supervisord raises events from
 * (capture mode, {@code *_events_enabled}, a listener's protocol channel). It decides which bytes reach the log and
 * posts the events it finds to the owner thread; it never waits for the owner.
 */
interface OutputTap {
    /** @param toLog writes bytes to the stream's log (only during this call) */
    void read(ByteBuffer bytes, Consumer<ByteBuffer> toLog);

    /** The taps of one spawn's stdout and stderr; null for a stream read straight into its log. */
    record Pair(OutputTap stdout, OutputTap stderr) {
        static final Pair NONE = new Pair(null, null);
    }
}
