package io.corridor.supervisor.engine;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A listener's stdout: logged like any stdout (supervisord writes it to {@code stdout_logfile} too), and every read
 * handed to the owner thread, which owns the listener's protocol state ({@link ListenerPool}).
 */
record ListenerTap(Consumer<byte[]> toOwner) implements OutputTap {
    @Override
    public void read(ByteBuffer bytes, Consumer<ByteBuffer> toLog) {
        byte[] data = CaptureTap.copy(bytes);
        toLog.accept(ByteBuffer.wrap(data));
        toOwner.accept(data);
    }
}
