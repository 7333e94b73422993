package io.corridor.supervisor.server.web;

import io.corridor.supervisor.server.ServerLog;
import io.corridor.supervisor.server.http.Endpoint;
import io.corridor.supervisor.server.http.Exchange;
import io.corridor.supervisor.server.http.HttpErrors;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps other web sites from driving the control server through an operator's browser (cross-site request forgery:
 * the browser would attach the Basic credentials it remembers). Wraps an endpoint and refuses, with 403, every
 * request that may change state (anything but GET/HEAD) when
 * <ul>
 *   <li>its {@code Origin} (or, without one, its {@code Referer}) names another origin than the {@code Host} it was
 *       sent to, or {@code Sec-Fetch-Site} says a different site sent it; or</li>
 *   <li>{@code requireToken} is set and a browser sent it (it has an {@code Origin}), but without the session's
 *       {@code X-CSRF-Token}: the web page's script sends it on its REST calls.</li>
 * </ul>
 * Programs (supervisorctl, corridorctl, curl) send none of these headers and are not affected.
 */
public final class BrowserGuard implements Endpoint {
    static final String TOKEN_HEADER = "X-CSRF-Token";
    private final Endpoint inner;
    private final WebSessions sessions;
    private final boolean requireToken;
    private final ServerLog log;

    public BrowserGuard(Endpoint inner, WebSessions sessions, boolean requireToken, ServerLog log) {
        this.inner = inner;
        this.sessions = sessions;
        this.requireToken = requireToken;
        this.log = log;
    }

    @Override
    public boolean handles(String path) { return inner.handles(path); }

    @Override
    public String name() { return inner.name(); }

    @Override
    public void handle(Exchange exchange) {
        HttpRequest request = exchange.request();
        if (!isSafe(request.method())) {
            Optional<String> refusal = foreign(request.headers());
            if (refusal.isEmpty() && requireToken && request.headers().contains(HttpHeaderNames.ORIGIN)
                    && !sessions.accepts(request, request.headers().get(TOKEN_HEADER))) {
                refusal = Optional.of("a browser request without this session's " + TOKEN_HEADER);
            }
            if (refusal.isPresent()) {
                log.warn("web: " + request.method() + " " + exchange.path() + " refused (403): " + refusal.get());
                exchange.respond(HttpErrors.page(HttpResponseStatus.FORBIDDEN));
                return;
            }
        }
        inner.handle(exchange);
    }

    static boolean isSafe(HttpMethod m) {
        return m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD);
    }

    /** Why the request comes from another site, if it does. */
    static Optional<String> foreign(HttpHeaders h) {
        String origin = h.get(HttpHeaderNames.ORIGIN);
        String source = origin != null ? origin : h.get(HttpHeaderNames.REFERER);
        if (source != null) {
            String host = h.get(HttpHeaderNames.HOST);
            String authority = authorityOf(source);
            if (host == null || authority == null || !authority.equals(normalise(host, schemeOf(source)))) {
                return Optional.of((origin != null ? "Origin " : "Referer ") + source + " is not this server (Host " + host + ")");
            }
        }
        // and the browser's own word on where the request came from
        String site = h.get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return Optional.of("Sec-Fetch-Site: " + site);
        }
        return Optional.empty();
    }

    /** {@code host[:port]} of an origin or referer URL, lower-cased, without the scheme's default port. */
    private static String authorityOf(String url) {
        try {
            URI u = new URI(url.strip());
            if (u.getRawAuthority() == null || u.getScheme() == null) return null;   // "null", "file:", junk
            return normalise(u.getRawAuthority(), u.getScheme());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String schemeOf(String url) {
        int colon = url.indexOf(':');
        return colon < 0 ? "http" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    private static String normalise(String authority, String scheme) {
        String a = authority.toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at >= 0) a = a.substring(at + 1);
        String defaultPort = scheme.equalsIgnoreCase("https") ? ":443" : ":80";
        return a.endsWith(defaultPort) ? a.substring(0, a.length() - defaultPort.length()) : a;
    }
}
