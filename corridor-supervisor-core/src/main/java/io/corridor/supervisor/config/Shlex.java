package io.corridor.supervisor.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Python's {@code shlex} in POSIX mode, the two ways Supervisor uses it: {@link #split} for {@code command=} (as
 * {@code shlex.split}: quotes and backslashes, no comments, no shell features) and {@link #tokens} for
 * {@code environment=} ({@code shlex.shlex} with extra word characters: punctuation such as {@code =} and {@code ,}
 * becomes a token of its own, {@code #} starts a comment).
 */
public final class Shlex {
    private static final String WORDCHARS = "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
            + "ßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ";
    private static final String WHITESPACE = " \t\r\n";
    private static final String QUOTES = "'\"";
    private static final char ESCAPE = '\\';
    private static final String ESCAPED_QUOTES = "\"";
    private static final char NONE = 0;

    private final String input;
    private final String wordchars;
    private final boolean whitespaceSplit;
    private final String commenters;
    private final Deque<String> pushback = new ArrayDeque<>();
    private int pos;
    private char state = ' ';
    private StringBuilder token = new StringBuilder();

    private Shlex(String input, String extraWordchars, boolean whitespaceSplit, String commenters) {
        this.input = input;
        this.wordchars = WORDCHARS + extraWordchars;
        this.whitespaceSplit = whitespaceSplit;
        this.commenters = commenters;
    }

    /**
     * {@code shlex.split(s)}: the argv of a {@code command=}.
     *
     * @throws IllegalArgumentException with Python's message ({@code No closing quotation}, {@code No escaped
     *                                  character}) for input a shell could not split either
     */
    public static List<String> split(String s) {
        return new Shlex(s, "", true, "").all();
    }

    /** {@code shlex.shlex(s, posix=True)} with {@code wordchars += extraWordchars}, all tokens. */
    static List<String> tokens(String s, String extraWordchars) {
        return new Shlex(s, extraWordchars, false, "#").all();
    }

    private List<String> all() {
        List<String> out = new ArrayList<>();
        for (String t = next(); t != null; t = next()) out.add(t);
        return out;
    }

    private String next() {
        if (!pushback.isEmpty()) return pushback.pollFirst();
        return readToken();
    }

    private int read() {
        return pos < input.length() ? input.charAt(pos++) : -1;
    }

    private void skipLine() {
        int nl = input.indexOf('\n', pos);
        pos = nl < 0 ? input.length() : nl + 1;
    }

    /** A transcription of CPython's {@code shlex.read_token} for posix=True, punctuation_chars=''. */
    private String readToken() {
        boolean quoted = false;
        char escapedState = ' ';
        while (true) {
            int c = read();
            char ch = (char) c;
            if (state == NONE) {
                token.setLength(0);
                break;
            } else if (state == ' ') {
                if (c < 0) {
                    state = NONE;
                    break;
                } else if (WHITESPACE.indexOf(ch) >= 0) {
                    if (!token.isEmpty() || quoted) break;
                } else if (commenters.indexOf(ch) >= 0) {
                    skipLine();
                } else if (ch == ESCAPE) {
                    escapedState = 'a';
                    state = ch;
                } else if (wordchars.indexOf(ch) >= 0) {
                    token.setLength(0);
                    token.append(ch);
                    state = 'a';
                } else if (QUOTES.indexOf(ch) >= 0) {
                    state = ch;
                } else if (whitespaceSplit) {
                    token.setLength(0);
                    token.append(ch);
                    state = 'a';
                } else {
                    token.setLength(0);
                    token.append(ch);
                    if (!token.isEmpty() || quoted) break;
                }
            } else if (QUOTES.indexOf(state) >= 0) {
                quoted = true;
                if (c < 0) throw new IllegalArgumentException("No closing quotation");
                if (ch == state) {
                    state = 'a';
                } else if (ch == ESCAPE && ESCAPED_QUOTES.indexOf(state) >= 0) {
                    escapedState = state;
                    state = ch;
                } else {
                    token.append(ch);
                }
            } else if (state == ESCAPE) {
                if (c < 0) throw new IllegalArgumentException("No escaped character");
                // in quotes only the quote itself or the escape character may be escaped
                if (QUOTES.indexOf(escapedState) >= 0 && ch != state && ch != escapedState) token.append(state);
                token.append(ch);
                state = escapedState;
            } else if (state == 'a') {
                if (c < 0) {
                    state = NONE;
                    break;
                } else if (WHITESPACE.indexOf(ch) >= 0) {
                    state = ' ';
                    if (!token.isEmpty() || quoted) break;
                } else if (commenters.indexOf(ch) >= 0) {
                    skipLine();
                    state = ' ';
                    if (!token.isEmpty() || quoted) break;
                } else if (QUOTES.indexOf(ch) >= 0) {
                    state = ch;
                } else if (ch == ESCAPE) {
                    escapedState = 'a';
                    state = ch;
                } else if (wordchars.indexOf(ch) >= 0 || whitespaceSplit) {
                    token.append(ch);
                } else {
                    pushback.addFirst(String.valueOf(ch));
                    state = ' ';
                    if (!token.isEmpty() || quoted) break;
                }
            }
        }
        String result = token.toString();
        token = new StringBuilder();
        return !quoted && result.isEmpty() ? null : result;
    }
}
