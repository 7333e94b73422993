package io.corridor.supervisor.server.xmlrpc;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Bytes for {@link XmlRpcWriter}: appended to a small heap array and moved into the response buffer in bulk.
 * Writing byte by byte into a direct buffer costs a bounds check and a buffer call per byte, which C1 (the server
 * runs no C2) does not inline: twice the CPU of the old string building on a 1000-process answer. This keeps the
 * per-byte work on a plain array and the heap cost at one 16 KiB array per answer.
 */
final class XmlBytes {
    private final ByteBuf out;
    private final byte[] buf = new byte[16 * 1024];
    private int n;

    XmlBytes(ByteBuf out) {
        this.out = out;
    }

    static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    void raw(byte[] bytes) {
        if (bytes.length > buf.length - n) {
            flush();
            if (bytes.length > buf.length) {
                out.writeBytes(bytes);
                return;
            }
        }
        System.arraycopy(bytes, 0, buf, n, bytes.length);
        n += bytes.length;
    }

    /** Text known to be ASCII: numbers, tag names. */
    void ascii(String s) {
        for (int i = 0; i < s.length(); i++) put((byte) s.charAt(i));
    }

    /** UTF-8, with the three characters xmlrpclib escapes; a lone surrogate becomes '?', as String.getBytes does. */
    void escaped(String s) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '&' -> raw(AMP);
                    case '<' -> raw(LT);
                    case '>' -> raw(GT);
                    default -> put((byte) c);
                }
            } else if (c < 0x800) {
                put((byte) (0xC0 | c >> 6));
                put((byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                put((byte) (0xF0 | cp >> 18));
                put((byte) (0x80 | cp >> 12 & 0x3F));
                put((byte) (0x80 | cp >> 6 & 0x3F));
                put((byte) (0x80 | cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                put((byte) '?');
            } else {
                put((byte) (0xE0 | c >> 12));
                put((byte) (0x80 | c >> 6 & 0x3F));
                put((byte) (0x80 | c & 0x3F));
            }
        }
    }

    private void put(byte b) {
        if (n == buf.length) flush();
        buf[n++] = b;
    }

    /** Moves what is buffered into the response buffer; call once at the end. */
    void flush() {
        out.writeBytes(buf, 0, n);
        n = 0;
    }

    private static final byte[] AMP = encode("&amp;");
    private static final byte[] LT = encode("&lt;");
    private static final byte[] GT = encode("&gt;");
}
