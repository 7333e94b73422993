package io.corridor.supervisor.os;

/** Linux errno numbers the engine reacts to, and their names for messages ({@code errno.errorcode} in Python). */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, E2BIG = 7, ENOEXEC = 8, EBADF = 9,
            ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23,
            EMFILE = 24, EPIPE = 32, ENAMETOOLONG = 36;

    private static final String[] NAMES = new String[37];

    static {
        NAMES[EPERM] = "EPERM";
        NAMES[ENOENT] = "ENOENT";
        NAMES[ESRCH] = "ESRCH";
        NAMES[EINTR] = "EINTR";
        NAMES[EIO] = "EIO";
        NAMES[E2BIG] = "E2BIG";
        NAMES[ENOEXEC] = "ENOEXEC";
        NAMES[EBADF] = "EBADF";
        NAMES[ECHILD] = "ECHILD";
        NAMES[EAGAIN] = "EAGAIN";
        NAMES[ENOMEM] = "ENOMEM";
        NAMES[EACCES] = "EACCES";
        NAMES[ENOTDIR] = "ENOTDIR";
        NAMES[EISDIR] = "EISDIR";
        NAMES[EINVAL] = "EINVAL";
        NAMES[ENFILE] = "ENFILE";
        NAMES[EMFILE] = "EMFILE";
        NAMES[EPIPE] = "EPIPE";
        NAMES[ENAMETOOLONG] = "ENAMETOOLONG";
    }

    private Errno() {}

    /** {@code 2} → {@code ENOENT}; numbers without a name print as themselves, as Python's fallback does. */
    public static String name(int errno) {
        int e = Math.abs(errno);
        return e < NAMES.length && NAMES[e] != null ? NAMES[e] : Integer.toString(e);
    }
}
