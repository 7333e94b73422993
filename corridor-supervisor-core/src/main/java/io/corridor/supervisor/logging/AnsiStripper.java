package io.corridor.supervisor.logging;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * supervisord's {@code strip_ansi} ({@code dispatchers.py stripEscapes}) for one stream, chunk by chunk.
 *
 * <p>The rule is upstream's: everything from {@code ESC [} up to and including the first byte among
 * {@code H f A B C D R s u J K h l p m} is dropped; a lone {@code ESC} is kept. Unlike upstream, which forgets
 * its state at the end of every read, a sequence split across two chunks is still removed: the stripper keeps
 * whether it is inside a sequence, and holds back a chunk's trailing {@code ESC} until the next chunk shows
 * whether a {@code [} follows ({@link #finish} releases it at end of stream).
 *
 * <p>One instance per stream, used by one thread.
 */
public final class AnsiStripper {
    private static final byte ESC = 0x1b;

    private enum State { TEXT, AFTER_ESC, IN_SEQUENCE }

    private State state = State.TEXT;

    /**
     * Copies the remaining bytes of {@code src} to {@code dst} without escape sequences, consuming all of
     * {@code src}.
     *
     * @param dst must have room for {@code src.remaining() + 1} bytes (a held-back ESC may be released)
     * @throws BufferOverflowException if {@code dst} is too small; nothing is consumed then
     */
    public void strip(ByteBuffer src, ByteBuffer dst) {
        if (dst.remaining() < src.remaining() + 1) {
            throw new BufferOverflowException();
        }
        int end = src.limit();
        for (int i = src.position(); i < end; i++) {
            byte b = src.get(i);
            switch (state) {
                case TEXT -> {
                    if (b == ESC) {
                        state = State.AFTER_ESC;
                    } else {
                        dst.put(b);
                    }
                }
                case AFTER_ESC -> {
                    if (b == '[') {
                        state = State.IN_SEQUENCE;
                    } else if (b != ESC) {
                        dst.put(ESC).put(b);
                        state = State.TEXT;
                    } else {
                        dst.put(ESC); // the first ESC of "ESC ESC [" is plain text; hold the second
                    }
                }
                case IN_SEQUENCE -> {
                    if (isTerminator(b)) {
                        state = State.TEXT;
                    }
                }
            }
        }
        src.position(end);
    }

    /** At end of stream: releases a held-back ESC into {@code dst}. An unterminated sequence stays dropped. */
    public void finish(ByteBuffer dst) {
        if (state == State.AFTER_ESC) {
            dst.put(ESC);
        }
        state = State.TEXT;
    }

    private static boolean isTerminator(byte b) {
        return switch (b) {
            case 'H', 'f', 'A', 'B', 'C', 'D', 'R', 's', 'u', 'J', 'K', 'h', 'l', 'p', 'm' -> true;
            default -> false;
        };
    }
}
