package io.corridor.supervisor.config;

/**
 * A value that does not convert, with supervisord's message and no location yet: the section readers catch it and
 * add file, line, section and key (the Python original raises ValueError the same way, but loses the line).
 */
final class ValueError extends RuntimeException {
    ValueError(String message) {
        super(message, null, false, false);
    }
}
