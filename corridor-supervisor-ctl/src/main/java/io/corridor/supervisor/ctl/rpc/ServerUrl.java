package io.corridor.supervisor.ctl.rpc;

/**
 * Where supervisord listens: {@code unix:///abs/path.sock} or {@code http://host[:port]}, as supervisorctl accepts,
 * and corridor's {@code https://host[:port]} (TLS).
 *
 * @param text the URL as the user wrote it; supervisorctl echoes it in connection errors
 * @param unixPath the socket path for {@code unix://}, else null
 * @param host the host for {@code http://}, else null
 * @param port the TCP port (80, or 443 for https, when omitted), 0 for unix sockets
 * @param tls true for {@code https://}
 */
public record ServerUrl(String text, String unixPath, String host, int port, boolean tls) {

    public static final String DEFAULT = "http://localhost:9001";

    public boolean isUnix() {
        return unixPath != null;
    }

    /** Returns null when the scheme is not {@code unix}, {@code http} or {@code https}. */
    public static ServerUrl parseOrNull(String text) {
        if (text.startsWith("unix://")) {
            String path = text.substring("unix://".length());
            return path.isEmpty() ? null : new ServerUrl(text, path, null, 0, false);
        }
        boolean tls = text.startsWith("https://");
        if (!tls && !text.startsWith("http://")) {
            return null;
        }
        String authority = text.substring(tls ? "https://".length() : "http://".length());
        int slash = authority.indexOf('/');
        if (slash >= 0) {
            authority = authority.substring(0, slash);
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String host = authority;
        int port = tls ? 443 : 80;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.indexOf(']') < colon) {
            host = authority.substring(0, colon);
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.isEmpty() ? null : new ServerUrl(text, null, host, port, tls);
    }
}
