package io.corridor.supervisor.server.web;

import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.server.ServerLog;
import io.corridor.supervisor.server.http.Endpoint;
import io.corridor.supervisor.server.http.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The web page: {@code /} (the process table; a POST there is a plain-form action), {@code /tail} (one log, followed
 * live) and {@code /static/*} (assets from the jar). supervisord's {@code /index.html} and {@code /tail.html} answer
 * too, so old bookmarks open the page, but their {@code ?action=} links no longer act: GET never changes anything.
 * Every answer carries a strict Content-Security-Policy (no inline script or style at all) and refuses framing.
 * Nothing here waits for the engine: process reads use the asynchronous snapshots.
 */
public final class WebEndpoint implements Endpoint {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private final Supervisor supervisor;
    private final WebSessions sessions;
    private final ServerLog log;
    private final StaticAssets assets = new StaticAssets();

    public WebEndpoint(Supervisor supervisor, WebSessions sessions, ServerLog log) {
        this.supervisor = supervisor;
        this.sessions = sessions;
        this.log = log;
    }

    @Override
    public boolean handles(String path) {
        return path.equals("/") || path.equals("/index.html") || path.equals("/tail") || path.equals("/tail.html")
                || path.startsWith("/static/");
    }

    @Override
    public String name() { return "web"; }

    @Override
    public void handle(Exchange ex) {
        HttpMethod method = ex.request().method();
        String path = ex.path();
        if (path.startsWith("/static/")) {
            if (!BrowserGuard.isSafe(method)) { respond(ex, plain(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only"), null); return; }
            asset(ex, path.substring("/static/".length()));
            return;
        }
        boolean index = path.equals("/") || path.equals("/index.html");
        if (index && method.equals(HttpMethod.POST)) {
            formAction(ex);
            return;
        }
        if (!method.equals(HttpMethod.GET)) {
            respond(ex, plain(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not allowed on " + path), null);
            return;
        }
        if (index) indexPage(ex);
        else tailPage(ex);
    }

    // ---------------------------------------------------------------- pages

    private void indexPage(Exchange ex) {
        Session session = session(ex);
        IndexPage.Filter filter = new IndexPage.Filter(param(ex, "name"), param(ex, "state"));
        IndexPage.Flash flash = flash(ex);
        // supervisord's links were "index.html?processname=x&action=stop": show the page, do nothing
        boolean linkAction = ex.queryParam("action") != null;
        IndexPage.Header header = header();
        supervisor.processesAsync().whenComplete((list, error) -> {
            if (error != null) {
                respond(ex, failure(error), session);
                return;
            }
            respond(ex, html(HttpResponseStatus.OK, IndexPage.render(header, list, filter, session.token(), flash, linkAction)), session);
        });
    }

    private void tailPage(Exchange ex) {
        Session session = session(ex);
        String name = param(ex, "name").isBlank() ? param(ex, "processname") : param(ex, "name");   // tail.html's name
        String channel = param(ex, "channel").isBlank() ? "stdout" : param(ex, "channel");
        if (!channel.equals("stdout") && !channel.equals("stderr")) {
            respond(ex, plain(HttpResponseStatus.BAD_REQUEST, "channel must be stdout or stderr, not '" + channel + "'"), session);
            return;
        }
        IndexPage.Header header = header();
        if (name.isBlank()) {
            Path file = supervisor.mainLogFile();
            respond(ex, tail(header, new TailPage.Subject(null, null), file, session), session);
            return;
        }
        supervisor.processAsync(name).whenComplete((p, error) -> {
            if (error != null) {
                respond(ex, failure(error), session);
                return;
            }
            String file = channel.equals("stdout") ? p.stdoutLogfile() : p.stderrLogfile();
            respond(ex, tail(header, new TailPage.Subject(p.namespec(), channel), file.isEmpty() ? null : Path.of(file), session), session);
        });
    }

    private FullHttpResponse tail(IndexPage.Header header, TailPage.Subject subject, Path file, Session session) {
        if (file == null) {
            return plain(HttpResponseStatus.NOT_FOUND, subject.title() + " has no log file (it is set to NONE, or "
                    + (subject.namespec() == null ? "the main log is not a file)" : "redirect_stderr sends it to stdout)"));
        }
        try {
            return html(HttpResponseStatus.OK, TailPage.render(header, subject, file.toString(), TailPage.Tail.read(file), session.token()));
        } catch (IOException e) {
            log.warn("web: cannot read " + file + ": " + e.getMessage());
            return plain(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private IndexPage.Header header() {
        return new IndexPage.Header(supervisor.identification(), supervisor.version(), supervisor.state().name(), supervisor.pid());
    }

    // ---------------------------------------------------------------- the plain-form action

    /** A POST from the page's forms: the session's token must match, then the action runs and we redirect to {@code /}. */
    private void formAction(Exchange ex) {
        Map<String, List<String>> form = new QueryStringDecoder("?" + new String(ex.body(), StandardCharsets.UTF_8)).parameters();
        List<String> token = form.get("csrf");
        if (!sessions.accepts(ex.request(), token == null || token.isEmpty() ? null : token.getFirst())) {
            log.warn("web: POST " + ex.path() + " refused (403): no valid anti-CSRF token for this session");
            respond(ex, plain(HttpResponseStatus.FORBIDDEN, "This form is not from this server's page, or the page is "
                    + "older than the server's last start. Reload the page and try again."), null);
            return;
        }
        FormAction action;
        try {
            action = FormAction.parse(form);
        } catch (IllegalArgumentException e) {
            respond(ex, plain(HttpResponseStatus.BAD_REQUEST, e.getMessage()), null);
            return;
        }
        action.run(supervisor).whenComplete((outcome, error) -> {
            FormAction.Outcome o = error == null ? outcome : new FormAction.Outcome(false, String.valueOf(error.getMessage()));
            String query = "?" + keptFilters(form) + "msg=" + Html.url(o.message()) + "&ok=" + (o.ok() ? 1 : 0)
                    + "&sig=" + sessions.sign((o.ok() ? 1 : 0) + o.message());
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SEE_OTHER, Unpooled.EMPTY_BUFFER);
            r.headers().set(HttpHeaderNames.LOCATION, "/" + query);
            respond(ex, r, null);
        });
    }

    /** The page's filters the form carried ({@code f_name}, {@code f_state}), as the start of a query string. */
    private static String keptFilters(Map<String, List<String>> form) {
        StringBuilder q = new StringBuilder();
        for (String[] f : new String[][]{{"f_name", "name"}, {"f_state", "state"}}) {
            List<String> v = form.get(f[0]);
            if (v != null && !v.isEmpty() && !v.getFirst().isBlank()) q.append(f[1]).append('=').append(Html.url(v.getFirst())).append('&');
        }
        return q.toString();
    }

    private IndexPage.Flash flash(Exchange ex) {
        String msg = ex.queryParam("msg");
        String ok = "1".equals(ex.queryParam("ok")) ? "1" : "0";
        if (msg == null || !sessions.signed(ok + msg, ex.queryParam("sig"))) return null;
        return new IndexPage.Flash(ok.equals("1"), msg);
    }

    // ---------------------------------------------------------------- plumbing

    private record Session(String id, String token, boolean fresh) {}

    /** The request's session, or a new one (sent back as a cookie) when it has none. */
    private Session session(Exchange ex) {
        Optional<String> id = WebSessions.sessionOf(ex.request());
        String s = id.orElseGet(sessions::newSession);
        return new Session(s, sessions.tokenFor(s), id.isEmpty());
    }

    private void asset(Exchange ex, String name) {
        Optional<StaticAssets.Asset> asset = assets.get(name);
        if (asset.isEmpty()) {
            respond(ex, plain(HttpResponseStatus.NOT_FOUND, "no such asset: " + name), null);
            return;
        }
        StaticAssets.Asset a = asset.get();
        FullHttpResponse r;
        if (a.etag().equals(ex.request().headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
        } else {
            r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(a.bytes()));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
        }
        r.headers().set(HttpHeaderNames.ETAG, a.etag());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        respond(ex, r, null);
    }

    private FullHttpResponse failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof SupervisorException se) {
            return plain(se.fault() == io.corridor.supervisor.Fault.BAD_NAME ? HttpResponseStatus.NOT_FOUND
                    : HttpResponseStatus.SERVICE_UNAVAILABLE, se.getMessage());
        }
        log.critical("web: rendering a page failed: " + cause);
        return plain(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(cause));
    }

    private static FullHttpResponse html(HttpResponseStatus status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    private static FullHttpResponse plain(HttpResponseStatus status, String message) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer((message + "\n").getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    /** Adds the security headers (and the session cookie when new) and answers. */
    private static void respond(Exchange ex, FullHttpResponse r, Session session) {
        r.headers().set("Content-Security-Policy", CSP);
        r.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().set("X-Frame-Options", "DENY");
        r.headers().set("Referrer-Policy", "same-origin");
        if (session != null && session.fresh()) {
            DefaultCookie c = new DefaultCookie(WebSessions.COOKIE, session.id());
            c.setPath("/");
            c.setHttpOnly(true);
            c.setSameSite(io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite.Strict);
            r.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(c));
        }
        ex.respond(r);
    }

    private static String param(Exchange ex, String name) {
        String v = ex.queryParam(name);
        return v == null ? "" : v;
    }
}
