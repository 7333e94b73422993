package io.corridor.supervisor.server;

import java.time.Duration;

/**
 * Limits and policies of the HTTP servers that the config file does not set.
 *
 * @param maxRequestBytes    larger bodies are answered 413
 * @param requestTimeout     a client that has sent part of a request and then nothing for this long is dropped
 * @param keepAliveTimeout   an idle keep-alive connection is closed after this long (medusa's 30 minutes)
 * @param allowAnyPeerUid    false: the Unix socket serves only peers running as our uid or as root
 * @param followInterval     how often {@code /logtail} followers look at their file
 */
public record ServerOptions(int maxRequestBytes, Duration requestTimeout, Duration keepAliveTimeout,
                            boolean allowAnyPeerUid, Duration followInterval) {

    public static ServerOptions defaults() {
        return new ServerOptions(1 << 20, Duration.ofSeconds(30), Duration.ofMinutes(30), false, Duration.ofMillis(100));
    }

    public ServerOptions withRequestTimeout(Duration d) {
        return new ServerOptions(maxRequestBytes, d, keepAliveTimeout, allowAnyPeerUid, followInterval);
    }

    public ServerOptions withMaxRequestBytes(int n) {
        return new ServerOptions(n, requestTimeout, keepAliveTimeout, allowAnyPeerUid, followInterval);
    }

    public ServerOptions withAllowAnyPeerUid(boolean allow) {
        return new ServerOptions(maxRequestBytes, requestTimeout, keepAliveTimeout, allow, followInterval);
    }
}
