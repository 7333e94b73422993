package io.corridor.supervisor.server.xmlrpc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A pull reader for the part of XML 1.0 that XML-RPC requests use: elements (attributes are checked for form and
 * ignored), character data with the five predefined entities and character references, CDATA sections, comments and
 * processing instructions (skipped). Text between two tags comes as one {@link Event#TEXT}, line ends normalised to
 * {@code \n} as any XML parser does. A DOCTYPE is refused: no entity is ever declared, so none can expand, and nothing
 * is fetched. It replaces the JDK's StAX, ~90 classes that only this parser needed (docs/benchmarks.md).
 */
final class XmlPullReader {
    enum Event { START, END, TEXT, END_DOCUMENT }

    private final char[] doc;
    private final List<String> open = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int pos;
    private String name;
    private Event event;
    private boolean emptyElementEnd;
    private boolean rootDone;
    private boolean blank;

    XmlPullReader(byte[] body) throws MalformedRequestException {
        doc = decode(body).toCharArray();
        pos = startsWith("<?xml", 0) && doc.length > 5 && isSpace(doc[5]) ? declarationEnd() : 0;
        checkCharacters();
    }

    /** The element name of the current {@link Event#START} or {@link Event#END}. */
    String name() { return name; }

    /** The character data of the current {@link Event#TEXT}. */
    String text() { return text.toString(); }

    /** The event {@link #next()} last returned. */
    Event event() { return event; }

    Event next() throws MalformedRequestException {
        event = advance();
        return event;
    }

    private Event advance() throws MalformedRequestException {
        if (emptyElementEnd) {
            emptyElementEnd = false;
            return end();
        }
        text.setLength(0);
        blank = true;
        while (pos < doc.length) {
            char c = doc[pos];
            if (c == '<') {
                char second = pos + 1 < doc.length ? doc[pos + 1] : 0;
                if (second == '?') processingInstruction();
                else if (second != '!') {
                    if (!text.isEmpty() && !open.isEmpty()) return Event.TEXT;
                    return tag();
                }
                else if (startsWith("<!--", pos)) comment();
                else if (startsWith("<![CDATA[", pos)) cdata();
                else throw new MalformedRequestException("DOCTYPE declarations are not accepted");
            } else if (c == '&') {
                reference();
            } else {
                characters();
            }
        }
        if (!open.isEmpty() || !rootDone) throw malformed("unexpected end of document");
        return Event.END_DOCUMENT;
    }

    /** Whether the current {@link Event#TEXT} is only whitespace. */
    boolean isWhitespace() { return blank; }

    MalformedRequestException malformed(String problem) {
        int line = 1;
        for (int i = 0; i < Math.min(pos, doc.length); i++) {
            if (doc[i] == '\n') line++;
        }
        return new MalformedRequestException(problem + " at line " + line);
    }

    private Event tag() throws MalformedRequestException {
        if (rootDone) throw malformed("content after the document element");
        if (startsWith("</", pos)) {
            pos += 2;
            int start = pos;
            xmlNameEnd();
            if (open.isEmpty() || open.getLast().length() != pos - start || !startsWith(open.getLast(), start)) {
                throw malformed("mismatched </" + new String(doc, start, pos - start) + ">");
            }
            skipSpace();
            expect(">");
            return end();
        }
        pos++;
        name = xmlName();
        while (true) {
            boolean spaced = skipSpace();
            if (startsWith("/>", pos)) {
                pos += 2;
                emptyElementEnd = true;
                break;
            }
            if (startsWith(">", pos)) {
                pos++;
                break;
            }
            if (!spaced) throw malformed("malformed tag <" + name + ">");
            attribute();
        }
        open.add(name);
        return Event.START;
    }

    private Event end() {
        name = open.removeLast();
        if (open.isEmpty()) rootDone = true;
        return Event.END;
    }

    /** {@code name = "value"} or {@code 'value'}; the value is not kept (XML-RPC has no attributes). */
    private void attribute() throws MalformedRequestException {
        xmlNameEnd();
        skipSpace();
        expect("=");
        skipSpace();
        char quote = pos < doc.length ? doc[pos] : 0;
        if (quote != '"' && quote != '\'') throw malformed("unquoted attribute value");
        int close = indexOf(String.valueOf(quote), pos + 1);
        if (close < 0) throw malformed("unterminated attribute value");
        for (int i = pos + 1; i < close; i++) {
            if (doc[i] == '<') throw malformed("'<' in an attribute value");
            if (doc[i] == '&') i = attributeReferenceEnd(i, close);
        }
        pos = close + 1;
    }

    /** Checks a reference in an attribute value as {@link #reference()} does in text; the index of its ';'. */
    private int attributeReferenceEnd(int amp, int valueEnd) throws MalformedRequestException {
        int semicolon = -1;
        for (int i = amp + 1; i < valueEnd && i - amp <= 12; i++) {
            if (doc[i] == ';') {
                semicolon = i;
                break;
            }
        }
        if (semicolon < 0) throw malformed("unterminated reference in an attribute value");
        String ref = new String(doc, amp + 1, semicolon - amp - 1);
        switch (ref) {
            case "amp", "lt", "gt", "quot", "apos" -> { }
            default -> {
                if (!ref.startsWith("#")) throw malformed("entity references are not accepted");
                characterReference(ref);
            }
        }
        return semicolon;
    }

    private String xmlName() throws MalformedRequestException {
        int start = pos;
        xmlNameEnd();
        return new String(doc, start, pos - start);
    }

    private void xmlNameEnd() throws MalformedRequestException {
        int start = pos;
        while (pos < doc.length && isNameChar(doc[pos])) pos++;
        if (pos == start || !isNameStart(doc[start])) throw malformed("malformed name");
    }

    private void characters() throws MalformedRequestException {
        int start = pos;
        while (pos < doc.length) {
            char c = doc[pos];
            if (c == '<' || c == '&') break;
            if (c == '>' && pos >= 2 && startsWith("]]>", pos - 2)) throw malformed("']]>' in character data");
            pos++;
        }
        if (open.isEmpty()) {
            for (int i = start; i < pos; i++) {
                if (!isSpace(doc[i])) throw malformed("text outside the document element");
            }
        }
        for (int i = start; i < pos && blank; i++) blank = isSpace(doc[i]);
        appendNormalised(start, pos);
    }

    /** Appends doc[from, to) with {@code \r\n} and lone {@code \r} turned into {@code \n} (XML 1.0 §2.11). */
    private void appendNormalised(int from, int to) {
        int run = from;
        for (int i = from; i < to; i++) {
            if (doc[i] == '\r') {
                text.append(doc, run, i - run).append('\n');
                if (i + 1 < to && doc[i + 1] == '\n') i++;
                run = i + 1;
            }
        }
        text.append(doc, run, to - run);
    }

    private void reference() throws MalformedRequestException {
        if (open.isEmpty()) throw malformed("reference outside the document element");
        blank = false;
        int semicolon = indexOf(";", pos);
        if (semicolon < 0 || semicolon - pos > 12) throw malformed("unterminated reference");
        String ref = new String(doc, pos + 1, semicolon - pos - 1);
        switch (ref) {
            case "amp" -> text.append('&');
            case "lt" -> text.append('<');
            case "gt" -> text.append('>');
            case "quot" -> text.append('"');
            case "apos" -> text.append('\'');
            default -> {
                if (!ref.startsWith("#")) throw malformed("entity references are not accepted");
                text.appendCodePoint(characterReference(ref));
            }
        }
        pos = semicolon + 1;
    }

    private int characterReference(String ref) throws MalformedRequestException {
        boolean hex = ref.startsWith("#x");
        int radix = hex ? 16 : 10;
        int code = ref.length() > (hex ? 2 : 1) ? 0 : -1;
        for (int i = hex ? 2 : 1; i < ref.length() && code >= 0; i++) {
            int digit = asciiDigit(ref.charAt(i), radix);
            code = digit < 0 || code > 0x10FFFF ? -1 : code * radix + digit;
        }
        if (!isXmlChar(code)) throw malformed("bad character reference &" + ref + ";");
        return code;
    }

    private void cdata() throws MalformedRequestException {
        if (open.isEmpty()) throw malformed("CDATA outside the document element");
        int start = pos + "<![CDATA[".length();
        int end = indexOf("]]>", start);
        if (end < 0) throw malformed("unterminated CDATA section");
        for (int i = start; i < end && blank; i++) blank = isSpace(doc[i]);
        appendNormalised(start, end);
        pos = end + 3;
    }

    private void comment() throws MalformedRequestException {
        int end = indexOf("--", pos + 4);
        if (end < 0 || !startsWith("-->", end)) throw malformed("malformed comment");
        pos = end + 3;
    }

    private void processingInstruction() throws MalformedRequestException {
        pos += 2;
        String target = xmlName();
        if (target.equalsIgnoreCase("xml")) throw malformed("misplaced XML declaration");
        int end = indexOf("?>", pos);
        if (end < 0) throw malformed("unterminated processing instruction");
        pos = end + 2;
    }

    /** Reads {@code <?xml version="1.0" encoding="..." standalone="..."?>}; returns the position after it. */
    private int declarationEnd() throws MalformedRequestException {
        int end = indexOf("?>", 0);
        if (end < 0) throw malformed("unterminated XML declaration");
        int lt = indexOf("<", 1);
        if (lt >= 0 && lt < end) throw malformed("malformed XML declaration");
        return end + 2;
    }

    private void checkCharacters() throws MalformedRequestException {
        for (int i = 0; i < doc.length; i++) {
            char c = doc[i];
            if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c >= 0xFFFE) {
                pos = i;
                throw malformed("invalid XML character U+" + Integer.toHexString(c));
            }
        }
    }

    private void expect(String s) throws MalformedRequestException {
        if (!startsWith(s, pos)) throw malformed("expected '" + s + "'");
        pos += s.length();
    }

    private boolean startsWith(String s, int at) {
        if (at + s.length() > doc.length) return false;
        for (int i = 0; i < s.length(); i++) {
            if (doc[at + i] != s.charAt(i)) return false;
        }
        return true;
    }

    /** Where {@code s} next starts at or after {@code from}, or -1. */
    private int indexOf(String s, int from) {
        char first = s.charAt(0);
        for (int i = from; i < doc.length; i++) {
            if (doc[i] == first && startsWith(s, i)) return i;
        }
        return -1;
    }

    private boolean skipSpace() {
        int start = pos;
        while (pos < doc.length && isSpace(doc[pos])) pos++;
        return pos > start;
    }

    /**
     * The body as text: UTF-8 (an optional byte-order mark skipped) unless the XML declaration names another
     * encoding the JDK knows. Bytes that are not valid in it are refused rather than replaced.
     */
    private static String decode(byte[] body) throws MalformedRequestException {
        int offset = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF ? 3 : 0;
        Charset charset = declaredCharset(body, offset);
        if (charset.equals(StandardCharsets.UTF_8)) {
            // The JDK's own decoding is several times faster than a CharsetDecoder, but replaces what is not UTF-8
            // with U+FFFD: only a document that holds one is decoded again, strictly, to tell which it was.
            String text = new String(body, offset, body.length - offset, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') < 0) return text;
        }
        try {
            return charset.newDecoder().decode(ByteBuffer.wrap(body, offset, body.length - offset)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequestException("not valid " + charset.name());
        }
    }

    private static Charset declaredCharset(byte[] body, int offset) throws MalformedRequestException {
        String head = new String(body, offset, Math.min(body.length - offset, 200), StandardCharsets.ISO_8859_1);
        if (!head.startsWith("<?xml")) return StandardCharsets.UTF_8;
        int end = head.indexOf("?>");
        int at = head.indexOf("encoding");
        if (at < 0 || end < 0 || at > end) return StandardCharsets.UTF_8;
        int open = at + "encoding".length();
        while (open < end && (head.charAt(open) == '=' || isSpace(head.charAt(open)))) open++;
        char quote = head.charAt(open);
        int close = head.indexOf(quote, open + 1);
        if ((quote != '"' && quote != '\'') || close < 0 || close > end) throw new MalformedRequestException("malformed XML declaration");
        try {
            return Charset.forName(head.substring(open + 1, close));
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("unsupported encoding " + head.substring(open + 1, close));
        }
    }

    private static int asciiDigit(char c, int radix) {
        int lower = c | 0x20;
        int digit = c >= '0' && c <= '9' ? c - '0' : lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : radix;
        return digit < radix ? digit : -1;
    }

    private static boolean isXmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isNameStart(char c) {
        return c < 0x80 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c == '_' || c == ':' : Character.isLetter(c);
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.' || c >= 0x80 && Character.isDigit(c);
    }
}
