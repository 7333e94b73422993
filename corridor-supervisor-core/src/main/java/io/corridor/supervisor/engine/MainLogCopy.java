package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.logging.PythonRepr;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * supervisord's copy of a child's output into the main log at {@code loglevel=debug} or lower
 * ({@code dispatchers.py POutputDispatcher._log}): each chunk read from the pipe becomes one
 * {@code DEBG 'name' stdout output:} line followed by the chunk, decoded as UTF-8, or shown as
 * {@code Undecodable: b'...'} when it is not valid UTF-8. People run containers at debug level to see their
 * programs in the supervisor's own output. I/O thread only.
 */
final class MainLogCopy {
    private final MainLog log;
    private final String header;
    private final boolean asBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private MainLogCopy(MainLog log, String name, String channel, boolean asBytes) {
        this.log = log;
        this.header = PythonRepr.str(name) + ' ' + channel + " output:\n";
        this.asBytes = asBytes;
    }

    /** @return the copier, or null when the main log's level does not show debug lines (nothing to do then) */
    static MainLogCopy forChannel(MainLog log, String name, String channel) {
        return log.isEnabled(LogLevel.DEBUG) ? new MainLogCopy(log, name, channel, false) : null;
    }

    /**
     * An event listener's stdout: supervisord's {@code PEventListenerDispatcher} formats the chunk with {@code %s}
     * of bytes, so the main log shows {@code b'READY\n'}, never the decoded text.
     */
    static MainLogCopy forListenerStdout(MainLog log, String name) {
        return log.isEnabled(LogLevel.DEBUG) ? new MainLogCopy(log, name, "stdout", true) : null;
    }

    /** Logs the remaining bytes of {@code chunk} without consuming them. */
    void copy(ByteBuffer chunk) {
        if (!chunk.hasRemaining()) return;
        String text;
        if (asBytes) {
            byte[] raw = new byte[chunk.remaining()];
            chunk.duplicate().get(raw);
            log.log(LogLevel.DEBUG, header + PythonRepr.bytes(raw, 0, raw.length));
            return;
        }
        try {
            text = decoder.reset().decode(chunk.duplicate()).toString();
        } catch (CharacterCodingException e) {
            byte[] raw = new byte[chunk.remaining()];
            chunk.duplicate().get(raw);
            text = "Undecodable: " + PythonRepr.bytes(raw, 0, raw.length);
        }
        log.log(LogLevel.DEBUG, header + text);
    }
}
