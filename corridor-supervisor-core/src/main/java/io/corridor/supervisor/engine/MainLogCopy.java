package io.corridor.supervisor.engine;

import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.logging.PythonRepr;
import io.corridor.supervisor.logging.Syslog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The copies supervisord makes of a child's output besides its log file ({@code dispatchers.py
 * POutputDispatcher._log}): at {@code loglevel=debug} or lower each chunk read from the pipe becomes one
 * {@code DEBG 'name' stdout output:} line in the main log, followed by the chunk decoded as UTF-8, or
 * {@code Undecodable: b'...'} when it is not valid UTF-8 (people run containers at debug level to see their
 * programs in the supervisor's own output); with {@code stdout_syslog}/{@code stderr_syslog} each line goes to
 * syslog as {@code name line}. I/O thread only.
 */
final class MainLogCopy {
    private final MainLog log;          // null: not at debug level
    private final Syslog syslog;        // null: *_syslog is off
    private final String name;
    private final String header;
    private final boolean asBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private MainLogCopy(MainLog log, Syslog syslog, String name, String channel, boolean asBytes) {
        this.log = log;
        this.syslog = syslog;
        this.name = name;
        this.header = PythonRepr.str(name) + ' ' + channel + " output:\n";
        this.asBytes = asBytes;
    }

    /** @return the copier, or null when there is nothing to copy to (the common case: nothing to do then) */
    static MainLogCopy forChannel(MainLog log, String name, String channel) {
        return forChannel(log, name, channel, false);
    }

    static MainLogCopy forChannel(MainLog log, String name, String channel, boolean toSyslog) {
        MainLog debug = log.isEnabled(LogLevel.DEBUG) ? log : null;
        if (debug == null && !toSyslog) return null;
        return new MainLogCopy(debug, toSyslog ? Syslog.local() : null, name, channel, false);
    }

    /**
     * An event listener's stdout: supervisord's {@code PEventListenerDispatcher} formats the chunk with {@code %s}
     * of bytes, so the main log shows {@code b'READY\n'}, never the decoded text (and sends nothing to syslog).
     */
    static MainLogCopy forListenerStdout(MainLog log, String name) {
        return log.isEnabled(LogLevel.DEBUG) ? new MainLogCopy(log, null, name, "stdout", true) : null;
    }

    /** Copies the remaining bytes of {@code chunk} without consuming them. */
    void copy(ByteBuffer chunk) {
        if (!chunk.hasRemaining()) return;
        if (asBytes) {
            byte[] raw = new byte[chunk.remaining()];
            chunk.duplicate().get(raw);
            log.log(LogLevel.DEBUG, header + PythonRepr.bytes(raw, 0, raw.length));
            return;
        }
        String text;
        boolean decodable = true;
        try {
            text = decoder.reset().decode(chunk.duplicate()).toString();
        } catch (CharacterCodingException e) {
            decodable = false;
            byte[] raw = new byte[chunk.remaining()];
            chunk.duplicate().get(raw);
            text = "Undecodable: " + PythonRepr.bytes(raw, 0, raw.length);
        }
        if (log != null) log.log(LogLevel.DEBUG, header + text);
        if (syslog != null) {
            String lines = decodable ? text : StandardCharsets.UTF_8.decode(chunk.duplicate()).toString();
            // supervisord's syslog handler format: the process name, then each line
            for (String line : lines.replaceAll("\n+$", "").split("\n", -1)) syslog.send(name + " " + line);
        }
    }
}
