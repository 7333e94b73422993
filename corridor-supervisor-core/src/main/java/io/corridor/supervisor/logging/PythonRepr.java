package io.corridor.supervisor.logging;

/**
 * Python's {@code repr()} of a str and of bytes, as supervisord's log lines show them: the process name in
 * {@code 'x' stdout output:} and the bytes of {@code Undecodable: b'\x88\n'} are printed with {@code %r}.
 */
public final class PythonRepr {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonRepr() {}

    /** {@code repr(s)}: single quotes unless the text holds a single quote and no double quote. */
    public static String str(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote || c == '\\') sb.append('\\').append(c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c == '\t') sb.append("\\t");
            else if (c < 0x20 || c >= 0x7f && c <= 0xa0 || c == 0xad) hex(sb, c);
            else sb.append(c);
        }
        return sb.append(quote).toString();
    }

    /** {@code repr(b)}: {@code b'...'}, printable ASCII as is, everything else escaped. */
    public static String bytes(byte[] b, int offset, int length) {
        boolean single = false, dbl = false;
        for (int i = offset; i < offset + length; i++) {
            single |= b[i] == '\'';
            dbl |= b[i] == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder sb = new StringBuilder(length + 3).append('b').append(quote);
        for (int i = offset; i < offset + length; i++) {
            int c = b[i] & 0xff;
            if (c == quote || c == '\\') sb.append('\\').append((char) c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c == '\t') sb.append("\\t");
            else if (c < 0x20 || c >= 0x7f) hex(sb, c);
            else sb.append((char) c);
        }
        return sb.append(quote).toString();
    }

    private static void hex(StringBuilder sb, int c) {
        sb.append("\\x").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }
}
