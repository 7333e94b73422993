package io.corridor.supervisor.config;

import java.net.URI;

/** A check polled from the outside: {@code tcp:HOST:PORT}, {@code http://HOST:PORT/PATH}, {@code exec:COMMAND}. */
public sealed interface Probe {
    /** Passes when a TCP connection to {@code host:port} is accepted. */
    record Tcp(String host, int port) implements Probe {
        @Override public String toString() { return "tcp:" + host + ":" + port; }
    }

    /** Passes on a 2xx answer to a GET of {@code uri}. */
    record Http(URI uri) implements Probe {
        @Override public String toString() { return uri.toString(); }
    }

    /** Passes when {@code /bin/sh -c command} exits 0 (run with the program's environment and directory). */
    record Exec(String command) implements Probe {
        @Override public String toString() { return "exec:" + command; }
    }
}
