package io.corridor.supervisor.logging;

import io.corridor.supervisor.config.LogFormat;
import io.corridor.supervisor.config.LogOptions;
import io.corridor.supervisor.config.Strftime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * Turns one child stream's bytes into {@code timestamp} or {@code json} lines (and/or {@code [name] }-prefixed
 * ones), keeping every byte: a line is formatted when its newline arrives; its beginning is held (at most
 * {@link #MAX_LINE} bytes) until then, or until the I/O thread finds the stream idle and calls {@link #flush}.
 *
 * <p>A line longer than {@link #MAX_LINE}, or one flushed while incomplete, is written in pieces. In {@code json}
 * each piece is an object with {@code "partial":true}, the line's last piece has no flag; the message of a
 * piece never ends inside a UTF-8 character when the line is split for length. In {@code timestamp} the pieces
 * simply follow each other: only the start of a line is stamped, so the file is the child's bytes with one stamp
 * per line whatever the timing.
 *
 * <p>JSON messages are valid for any bytes: well-formed UTF-8 is kept as is, control characters are escaped, and
 * each byte of malformed UTF-8 becomes {@code \udc80}…{@code \udcff} (Python's {@code surrogateescape}), so
 * {@code message.encode('utf-8', 'surrogateescape')} gives back exactly the bytes the child wrote.
 *
 * <p>One instance per stream, used by the I/O thread only. The output buffer is reused: a returned buffer is
 * valid until the next call.
 */
public final class LineFormatter {
    /** The longest piece of a line held or written at once (Docker's and CRI's 16 KiB). */
    public static final int MAX_LINE = 16 * 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Eight bytes at a time (SWAR): finding newlines and runs of bytes JSON keeps as they are is the hot loop. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L, HIGHS = 0x8080808080808080L;
    private static final byte[] JSON_TIME = "{\"time\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_END = "\"}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_PARTIAL_END = "\",\"partial\":true}\n".getBytes(StandardCharsets.US_ASCII);

    private final boolean json;
    private final boolean stamped;
    private final Strftime stampFormat;
    private final ZoneId zone;
    private final byte[] prefix;
    private final String fields;     // json: ","program":…,"stream":…,"pid":
    private byte[] jsonMiddle;       // json: fields + pid + ,"message":"
    private final byte[] pending = new byte[MAX_LINE];
    private int pendingLength;
    /** timestamp/prefix: a piece of the current line is already written, so the next piece is not decorated. */
    private boolean midLine;
    private byte[] in = new byte[64 * 1024];
    private byte[] out = new byte[256 * 1024];
    private int outLength;
    private long stampMillis = Long.MIN_VALUE;
    private byte[] stamp;            // timestamp: prefix + stamp + ' '; json: the whole head up to the message

    /**
     * @param namespec the process's {@code group:name} (the prefix), program and process for JSON
     * @param stream   {@code stdout} or {@code stderr}
     */
    public LineFormatter(LogOptions options, String namespec, String program, String process, String stream,
                         ZoneId zone) {
        this.json = options.format() == LogFormat.JSON;
        this.stamped = options.format() == LogFormat.TIMESTAMP;
        this.stampFormat = options.timestampFormat();
        this.zone = zone;
        this.prefix = options.prefix() ? ("[" + namespec + "] ").getBytes(StandardCharsets.UTF_8) : new byte[0];
        this.fields = "\",\"program\":" + quote(program) + ",\"process\":" + quote(process) + ",\"stream\":"
                + quote(stream) + ",\"pid\":";
        pid(0);
    }

    /** The pid written in JSON lines from now on (each spawn). */
    public void pid(int pid) {
        jsonMiddle = (fields + pid + ",\"message\":\"").getBytes(StandardCharsets.UTF_8);
        stampMillis = Long.MIN_VALUE;   // the JSON head holds the pid
    }

    public boolean hasPending() {
        return pendingLength > 0;
    }

    /** Formats the complete lines of {@code chunk} (consumed) and holds its unfinished last line. */
    public ByteBuffer format(ByteBuffer chunk, long nowMillis) {
        outLength = 0;
        int n = chunk.remaining();
        if (in.length < n) in = new byte[n];
        chunk.get(in, 0, n);
        refreshStamp(nowMillis);
        byte[] b = in;
        int i = 0;
        while (i < n) {
            if (pendingLength == 0 && !midLine) {
                // the common case, in bulk: whole lines that fit, and for JSON need no escape
                i = json ? safeJsonLines(b, i, n) : stampedLines(b, i, n);
                if (i == n) break;
            }
            int nl = indexOfNewline(b, i, n);
            if (nl < n && pendingLength == 0 && nl - i <= MAX_LINE) {
                emit(b, i, nl - i, true, nowMillis);       // a whole line inside the chunk
                i = nl + 1;
                continue;
            }
            while (i < nl) {
                int take = Math.min(nl - i, MAX_LINE - pendingLength);
                System.arraycopy(b, i, pending, pendingLength, take);
                pendingLength += take;
                i += take;
                if (pendingLength == MAX_LINE) splitForLength(nowMillis);
            }
            if (nl < n) {
                emit(pending, 0, pendingLength, true, nowMillis);
                pendingLength = 0;
                i = nl + 1;
            }
        }
        return ByteBuffer.wrap(out, 0, outLength);
    }

    /*
     * The two loops below are the whole cost of a formatted log under the server's C1-only JIT (no loop
     * optimisation, no escape analysis): one eight-bytes-at-a-time scan per line, and bulk copies
     * (System.arraycopy is a stub call in C1 too) instead of per-byte or per-word stores.
     */

    /**
     * timestamp/prefix, at the start of a file line: each whole line from {@code i} is written as the stamp and the
     * line with its newline. @return the start of the first line not written (incomplete, or longer than MAX_LINE)
     */
    private int stampedLines(byte[] b, int i, int n) {
        byte[] head = stamp, o = out;
        int headLength = head.length, p = outLength;
        while (true) {
            int nl = indexOfNewline(b, i, n);
            if (nl == n || nl - i > MAX_LINE) break;
            int length = nl + 1 - i;
            if (p + headLength + length > o.length) o = grow(p, headLength + length);
            System.arraycopy(head, 0, o, p, headLength);
            System.arraycopy(b, i, o, p + headLength, length);
            p += headLength + length;
            i = nl + 1;
        }
        outLength = p;
        return i;
    }

    /**
     * json: each whole line from {@code i} whose bytes JSON keeps as they are (printable ASCII but '"' and '\\') is
     * written as the head, the line and the closing quote, brace and newline: the scan for the first byte to escape
     * finds the line's newline too.
     * @return the start of the first line not written (incomplete, longer than MAX_LINE, or with a byte to escape)
     */
    private int safeJsonLines(byte[] b, int i, int n) {
        byte[] head = stamp, o = out;
        int headLength = head.length, p = outLength;
        while (true) {
            int stop = firstUnsafe(b, i, n);
            if (stop == n || b[stop] != '\n' || stop - i > MAX_LINE) break;
            int length = stop - i;
            if (p + headLength + length + 3 > o.length) o = grow(p, headLength + length + 3);
            System.arraycopy(head, 0, o, p, headLength);
            System.arraycopy(b, i, o, p + headLength, length);
            p += headLength + length;
            o[p] = '"';
            o[p + 1] = '}';
            o[p + 2] = '\n';
            p += 3;
            i = stop + 1;
        }
        outLength = p;
        return i;
    }

    /** The index of the first byte in {@code b[from..to)} that JSON does not keep as it is, or {@code to}. */
    static int firstUnsafe(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long unsafe = unsafeBytes((long) LONGS.get(b, i));
            if (unsafe != 0) return i + lowestFlagged(unsafe);
        }
        for (; i < to; i++) {
            int c = b[i];                                           // signed: bytes >= 0x80 are negative
            if (c < 0x20 || c == '"' || c == '\\') return i;
        }
        return to;
    }

    /**
     * The index of the lowest byte whose high bit is set in {@code flags} (only high bits set, not 0): the isolated
     * bit, moved to the bottom of its byte, picks that byte's index out of a multiplier whose byte 7-k holds k.
     * C1 compiles {@link Long#numberOfTrailingZeros} as two calls; this is five operations.
     */
    static int lowestFlagged(long flags) {
        return (int) ((((flags & -flags) >>> 7) * 0x0001020304050607L) >>> 56);
    }

    /** The index of the first '\n' in {@code b[from..to)}, or {@code to}. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ (ONES * '\n');
            long zero = (x - ONES) & ~x & HIGHS;           // the lowest flagged byte is exact (little-endian)
            if (zero != 0) return i + lowestFlagged(zero);
        }
        while (i < to && b[i] != '\n') i++;
        return i;
    }

    /**
     * The high bit set in each byte of {@code x} that JSON does not keep as it is (&ge; 0x80, &lt; 0x20, '"', '\\');
     * only the lowest flagged byte is exact. No borrow crosses into a byte below the first unsafe one (each
     * subtraction borrows only out of a byte under 0x20 or a zero, i.e. an unsafe byte), and a byte below it, being
     * printable ASCII, sets no high bit in any term; the bytes &ge; 0x80, which the terms flag loosely, are unsafe
     * anyway. Nine operations a word: this runs over every byte of a JSON log.
     */
    private static long unsafeBytes(long x) {
        return (x | (x - ONES * 0x20) | ((x ^ (ONES * '"')) - ONES) | ((x ^ (ONES * '\\')) - ONES)) & HIGHS;
    }

    /** Writes the held beginning of a line as a partial piece (the stream went idle, or it ended). */
    public ByteBuffer flush(long nowMillis) {
        outLength = 0;
        if (pendingLength > 0) {
            emit(pending, 0, pendingLength, false, nowMillis);
            pendingLength = 0;
        }
        return ByteBuffer.wrap(out, 0, outLength);
    }

    /** The held piece is full: write it up to the last whole UTF-8 character and keep the rest (≤ 3 bytes). */
    private void splitForLength(long nowMillis) {
        int cut = utf8Boundary(pending, MAX_LINE);
        emit(pending, 0, cut, false, nowMillis);
        System.arraycopy(pending, cut, pending, 0, MAX_LINE - cut);
        pendingLength = MAX_LINE - cut;
    }

    /** The end of the last complete (or malformed) character in {@code b[0..length)}, backing off at most 3 bytes. */
    static int utf8Boundary(byte[] b, int length) {
        for (int back = 1; back <= 3 && back <= length; back++) {
            int lead = b[length - back] & 0xff;
            if (lead < 0x80) return length;                     // ASCII: whatever follows starts a character
            if (lead >= 0xc0) {                                  // a lead byte: is its sequence complete?
                int need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
                return need > back ? length - back : length;
            }
        }
        return length;                                           // not UTF-8 anyway: split anywhere
    }

    private void emit(byte[] b, int off, int len, boolean complete, long nowMillis) {
        if (json) {
            emitJson(b, off, len, complete, nowMillis);
            return;
        }
        refreshStamp(nowMillis);
        ensure(stamp.length + len + 1);
        if (!midLine) {
            System.arraycopy(stamp, 0, out, outLength, stamp.length);
            outLength += stamp.length;
        }
        System.arraycopy(b, off, out, outLength, len);
        outLength += len;
        if (complete) out[outLength++] = '\n';
        midLine = !complete;
    }

    private void emitJson(byte[] b, int off, int len, boolean complete, long nowMillis) {
        refreshStamp(nowMillis);
        ensure(stamp.length + 6 * len + JSON_PARTIAL_END.length);
        put(stamp);
        byte[] o = out;
        int p = outLength;
        int end = off + len;
        for (int i = off; ; ) {
            int kept = keptRun(b, i, end);                           // bytes JSON keeps as they are: one copy
            System.arraycopy(b, i, o, p, kept - i);
            p += kept - i;
            i = kept;
            if (i == end) break;
            int c = b[i];
            if (c < 0) {                                               // malformed UTF-8, surrogateescape: \udc80..\udcff
                o[p++] = '\\';
                o[p++] = 'u';
                o[p++] = 'd';
                o[p++] = 'c';
                o[p++] = HEX[(c >> 4) & 0xf];
                o[p++] = HEX[c & 0xf];
                i++;
            } else {
                o[p++] = '\\';
                switch (c) {
                    case '"' -> o[p++] = '"';
                    case '\\' -> o[p++] = '\\';
                    case '\n' -> o[p++] = 'n';
                    case '\r' -> o[p++] = 'r';
                    case '\t' -> o[p++] = 't';
                    case '\b' -> o[p++] = 'b';
                    case '\f' -> o[p++] = 'f';
                    default -> {
                        o[p++] = 'u';
                        o[p++] = '0';
                        o[p++] = '0';
                        o[p++] = HEX[c >> 4];
                        o[p++] = HEX[c & 0xf];
                    }
                }
                i++;
            }
        }
        outLength = p;
        put(complete ? JSON_END : JSON_PARTIAL_END);
    }

    /**
     * The end of the run from {@code i} that JSON keeps as it is: printable ASCII but '"' and '\\' (eight bytes at a
     * time) and well-formed UTF-8 (two-byte characters checked here, longer ones by {@link #utf8Sequence}), so a
     * line of Cyrillic or CJK text is one copy, not one per character.
     */
    static int keptRun(byte[] b, int i, int end) {
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                if (c < 0x20 || c == '"' || c == '\\') return i;
                i = firstUnsafe(b, i + 1, end);
            } else if (c >= (byte) 0xc2 && c <= (byte) 0xdf && i + 1 < end && b[i + 1] < (byte) 0xc0) {
                i += 2;                                                // lead C2..DF, continuation 80..BF
            } else {
                int seq = utf8Sequence(b, i, end);
                if (seq == 0) return i;
                i += seq;
            }
        }
        return end;
    }

    /** Length of the well-formed UTF-8 sequence starting at {@code i} (RFC 3629: no overlongs, surrogates, > U+10FFFF), or 0. */
    static int utf8Sequence(byte[] b, int i, int end) {
        int lead = b[i] & 0xff;
        int need;
        int min2 = 0x80, max2 = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            need = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            need = 3;
            if (lead == 0xe0) min2 = 0xa0;
            if (lead == 0xed) max2 = 0x9f;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            need = 4;
            if (lead == 0xf0) min2 = 0x90;
            if (lead == 0xf4) max2 = 0x8f;
        } else {
            return 0;
        }
        if (i + need > end) return 0;
        int second = b[i + 1] & 0xff;
        if (second < min2 || second > max2) return 0;
        for (int k = 2; k < need; k++) {
            int cont = b[i + k] & 0xff;
            if (cont < 0x80 || cont > 0xbf) return 0;
        }
        return need;
    }

    private void refreshStamp(long nowMillis) {
        if (nowMillis == stampMillis) return;
        stampMillis = nowMillis;
        String text = stampFormat.format(nowMillis, zone);
        if (json) {
            // one copy per line: {"time":"<stamp>","program":…,"pid":N,"message":"
            String quoted = quote(text);
            byte[] time = quoted.substring(1, quoted.length() - 1).getBytes(StandardCharsets.UTF_8);
            stamp = new byte[JSON_TIME.length + time.length + jsonMiddle.length];
            System.arraycopy(JSON_TIME, 0, stamp, 0, JSON_TIME.length);
            System.arraycopy(time, 0, stamp, JSON_TIME.length, time.length);
            System.arraycopy(jsonMiddle, 0, stamp, JSON_TIME.length + time.length, jsonMiddle.length);
        } else {
            byte[] s = stamped ? (text + " ").getBytes(StandardCharsets.UTF_8) : new byte[0];
            stamp = Arrays.copyOf(prefix, prefix.length + s.length);
            System.arraycopy(s, 0, stamp, prefix.length, s.length);
        }
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, out, outLength, bytes.length);
        outLength += bytes.length;
    }

    private void ensure(int more) {
        if (outLength + more > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + more));
    }

    /** {@link #ensure} for the bulk loops, which keep the output length in a local: @return the output array */
    private byte[] grow(int length, int more) {
        outLength = length;
        ensure(more);
        return out;
    }

    /** A JSON string literal for configuration text (names, stamps): always valid UTF-8 already. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20) q.append(String.format("\\u%04x", (int) c));
                    else q.append(c);
                }
            }
        }
        return q.append('"').toString();
    }
}
