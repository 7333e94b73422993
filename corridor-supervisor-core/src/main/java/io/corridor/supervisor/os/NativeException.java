package io.corridor.supervisor.os;

import java.io.IOException;

/** A failed libc call, with the errno name supervisord would print (e.g. {@code ENOENT}). */
public final class NativeException extends IOException {
    private final int errno;

    public NativeException(String call, int errno) {
        super(call + ": " + Errno.name(errno));
        this.errno = errno;
    }

    public int errno() { return errno; }

    public String errnoName() { return Errno.name(errno); }
}
