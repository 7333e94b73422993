package io.corridor.supervisor.server;

import io.corridor.supervisor.ProcessState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page's server side over a real socket: headers, the plain-form actions and their anti-CSRF checks, the
 * cross-site refusals on every state-changing path, and GET never acting. (The page in a browser: WebPageIT.)
 */
class WebPageTest {
    @TempDir Path dir;
    private ServerFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = ServerFixture.standard(dir);
        fx.supervisor.force("sleeper", ProcessState.RUNNING);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private RawHttp.Response call(String method, String path, Map<String, String> headers, String body) throws Exception {
        try (RawHttp c = fx.unixClient()) {
            return c.request(method, path, headers, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Loads the page as a browser would: the session cookie it sets and the token it embeds. */
    private record Session(String cookie, String token) {}

    private Session open() throws Exception {
        RawHttp.Response r = call("GET", "/", Map.of(), "");
        assertThat(r.status()).isEqualTo(200);
        String cookie = r.header("Set-Cookie").split(";")[0];
        Matcher m = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">").matcher(r.text());
        assertThat(m.find()).isTrue();
        return new Session(cookie, m.group(1));
    }

    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

    private static Map<String, String> with(Map<String, String> a, String k, String v) {
        var m = new java.util.HashMap<>(a);
        m.put(k, v);
        return m;
    }

    @Test
    void the_page_lists_every_process_with_strict_headers_and_a_strict_session_cookie() throws Exception {
        RawHttp.Response r = call("GET", "/", Map.of(), "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "frame-ancestors 'none'", "form-action 'self'").doesNotContain("unsafe");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Set-Cookie")).contains("HTTPOnly", "SameSite=Strict", "Path=/");
        assertThat(r.text()).contains("data-namespec=\"sleeper\"", "data-namespec=\"grp:a\"", "state-RUNNING",
                "<tbody data-group=\"grp\">", "name=\"csrf\"").doesNotContain("<script>").doesNotContain("style=");
        // no inline script or style anywhere: the CSP would block them
        assertThat(Pattern.compile("<script(?![^>]*src=)").matcher(r.text()).find()).isFalse();
        assertThat(r.text()).doesNotContain("<style");
    }

    @Test
    void a_form_post_with_the_session_token_acts_and_redirects_with_a_signed_message() throws Exception {
        Session s = open();
        RawHttp.Response r = call("POST", "/", with(FORM, "Cookie", s.cookie()), "csrf=" + s.token() + "&name=sleeper&action=stop");
        assertThat(r.status()).isEqualTo(303);
        assertThat(fx.supervisor.proc("sleeper").state).isEqualTo(ProcessState.STOPPED);
        String location = r.header("Location");
        assertThat(location).startsWith("/?msg=sleeper%3A+stopped&ok=1&sig=");
        RawHttp.Response page = call("GET", location, Map.of("Cookie", s.cookie()), "");
        assertThat(page.text()).contains("<p id=\"flash\" class=\"flash ok\" role=\"status\">sleeper: stopped</p>");
        // the page comes back with the filters it was showing
        RawHttp.Response filtered = call("POST", "/", with(FORM, "Cookie", s.cookie()),
                "csrf=" + s.token() + "&f_name=slee&f_state=STOPPED&name=sleeper&action=start");
        assertThat(filtered.header("Location")).startsWith("/?name=slee&state=STOPPED&msg=sleeper%3A+started&ok=1&sig=");
        assertThat(call("GET", "/?name=slee", Map.of(), "").text()).contains("<input type=\"hidden\" name=\"f_name\" value=\"slee\">");
        // a message someone made up is not shown
        RawHttp.Response forged = call("GET", "/?msg=call+us&ok=1&sig=AAAAAAAAAAAAAAAAAAAAAA", Map.of("Cookie", s.cookie()), "");
        assertThat(forged.text()).doesNotContain("call us");
    }

    @Test
    void a_form_restart_stops_then_starts_and_says_what_failed() throws Exception {
        Session s = open();
        long pid = fx.supervisor.proc("sleeper").pid;
        assertThat(restart(s, "name=sleeper")).isEqualTo("ok sleeper: restarted");
        assertThat(fx.supervisor.proc("sleeper").state).isEqualTo(ProcessState.RUNNING);
        assertThat(fx.supervisor.proc("sleeper").pid).isNotEqualTo(pid);
        // a stopped process is started: its NOT_RUNNING from the stop is not a failure
        assertThat(restart(s, "name=manual")).isEqualTo("ok manual: restarted");
        assertThat(fx.supervisor.proc("manual").state).isEqualTo(ProcessState.RUNNING);
        assertThat(restart(s, "name=nosuch")).isEqualTo("failed BAD_NAME: nosuch");
        assertThat(restart(s, "group=grp")).isEqualTo("ok group grp: restarted (2)");
        assertThat(fx.supervisor.proc("grp:a").state).isEqualTo(ProcessState.RUNNING);
        assertThat(restart(s, "group=nosuch")).isEqualTo("failed BAD_NAME: nosuch");
        assertThat(restart(s, "all=1")).isEqualTo("ok all processes: restarted (4)");
    }

    /** Posts a restart form; answers the flash message the redirect carries, after "ok" or "failed". */
    private String restart(Session s, String what) throws Exception {
        RawHttp.Response r = call("POST", "/", with(FORM, "Cookie", s.cookie()), "csrf=" + s.token() + "&action=restart&" + what);
        assertThat(r.status()).as(what).isEqualTo(303);
        Matcher m = Pattern.compile("msg=([^&]*)&ok=([01])").matcher(r.header("Location"));
        assertThat(m.find()).as(r.header("Location")).isTrue();
        return (m.group(2).equals("1") ? "ok " : "failed ") + java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    @Test
    void a_form_post_without_the_sessions_token_changes_nothing() throws Exception {
        Session s = open();
        Session other = open();
        for (String body : new String[]{"name=sleeper&action=stop", "csrf=forged&name=sleeper&action=stop",
                "csrf=" + other.token() + "&name=sleeper&action=stop"}) {
            RawHttp.Response r = call("POST", "/", with(FORM, "Cookie", s.cookie()), body);
            assertThat(r.status()).as(body).isEqualTo(403);
        }
        assertThat(call("POST", "/", FORM, "csrf=" + s.token() + "&name=sleeper&action=stop").status())
                .as("the token without its cookie").isEqualTo(403);
        assertThat(fx.supervisor.proc("sleeper").state).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void get_with_an_action_only_shows_the_page() throws Exception {
        for (String path : new String[]{"/?action=stop&name=sleeper", "/index.html?processname=sleeper&action=stop",
                "/index.html?processname=sleeper&action=stopall", "/tail.html?processname=sleeper&action=clearlog"}) {
            assertThat(call("GET", path, Map.of(), "").status()).as(path).isEqualTo(200);
        }
        assertThat(call("GET", "/?action=stop&name=sleeper", Map.of(), "").text()).contains("id=\"link-notice\"");
        assertThat(fx.supervisor.proc("sleeper").state).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void state_changes_sent_from_another_site_are_refused_on_every_path() throws Exception {
        Session s = open();
        Map<String, String> evil = with(with(FORM, "Cookie", s.cookie()), "Origin", "http://evil.example");
        assertThat(call("POST", "/", evil, "csrf=" + s.token() + "&name=sleeper&action=stop").status()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/processes/sleeper/stop", evil, "").status()).isEqualTo(403);
        assertThat(call("POST", "/RPC2", with(evil, "Content-Type", "text/plain"), "<?xml version=\"1.0\"?><methodCall>"
                + "<methodName>supervisor.stopProcess</methodName><params><param><value><string>sleeper</string></value>"
                + "</param></params></methodCall>").status()).isEqualTo(403);
        Map<String, String> referer = Map.of("Referer", "http://evil.example/page");
        assertThat(call("POST", "/api/v1/processes/sleeper/stop", referer, "").status()).isEqualTo(403);
        Map<String, String> sameSite = Map.of("Origin", "http://localhost", "Sec-Fetch-Site", "same-site");
        assertThat(call("POST", "/api/v1/processes/sleeper/stop", sameSite, "").status()).isEqualTo(403);
        assertThat(fx.supervisor.proc("sleeper").state).isEqualTo(ProcessState.RUNNING);
        assertThat(fx.logLines).anyMatch(l -> l.contains("refused (403): Origin http://evil.example is not this server"));
    }

    @Test
    void the_pages_own_rest_calls_carry_the_token_and_programs_need_none() throws Exception {
        Session s = open();
        Map<String, String> page = Map.of("Origin", "http://localhost", "Sec-Fetch-Site", "same-origin", "Cookie", s.cookie());
        assertThat(call("POST", "/api/v1/processes/sleeper/stop", page, "").status()).as("no token").isEqualTo(403);
        assertThat(call("POST", "/api/v1/processes/sleeper/stop", with(page, "X-CSRF-Token", s.token()), "").status()).isEqualTo(200);
        assertThat(fx.supervisor.proc("sleeper").state).isEqualTo(ProcessState.STOPPED);
        // curl, corridorctl: no Origin, no token
        assertThat(call("POST", "/api/v1/processes/sleeper/start", Map.of(), "").status()).isEqualTo(200);
        assertThat(fx.supervisor.proc("sleeper").state).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void group_and_all_actions_and_log_clearing_are_in_the_rest_api() throws Exception {
        assertThat(call("POST", "/api/v1/groups/grp/restart", Map.of(), "").status()).isEqualTo(200);
        assertThat(fx.supervisor.proc("grp:a").state).isEqualTo(ProcessState.RUNNING);
        assertThat(call("POST", "/api/v1/supervisor/stop-all", Map.of(), "").status()).isEqualTo(200);
        assertThat(fx.supervisor.proc("grp:a").state).isEqualTo(ProcessState.STOPPED);
        assertThat(fx.supervisor.proc("sleeper").state).isEqualTo(ProcessState.STOPPED);
        assertThat(call("POST", "/api/v1/supervisor/start-all", Map.of(), "").status()).isEqualTo(200);
        assertThat(fx.supervisor.proc("sleeper").state).isEqualTo(ProcessState.RUNNING);

        Path out = fx.supervisor.processLogFile("sleeper", io.corridor.supervisor.LogChannel.STDOUT);
        Files.writeString(out, "some output\n");
        assertThat(call("POST", "/api/v1/processes/sleeper/clear", Map.of(), "").status()).isEqualTo(200);
        assertThat(Files.size(out)).isZero();

        Files.writeString(fx.supervisor.mainLogFile(), "line one\nline two\n");
        assertThat(call("GET", "/api/v1/supervisor/log?offset=0", Map.of(), "").text()).contains("line one\\nline two");
    }

    @Test
    void the_tail_page_ends_at_the_offset_it_rendered_and_escapes_the_log() throws Exception {
        Path out = fx.supervisor.processLogFile("sleeper", io.corridor.supervisor.LogChannel.STDOUT);
        String text = "<script>alert(1)</script> & more\n";
        Files.writeString(out, text);
        RawHttp.Response r = call("GET", "/tail?name=sleeper", Map.of(), "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
                .contains("data-offset=\"" + text.getBytes(StandardCharsets.UTF_8).length + "\"")
                .contains("data-follow=\"/api/v1/processes/sleeper/logs/stdout?follow=true\"");
        assertThat(call("GET", "/tail?name=nosuch", Map.of(), "").status()).isEqualTo(404);
        assertThat(call("GET", "/tail?name=sleeper&channel=stdin", Map.of(), "").status()).isEqualTo(400);
        assertThat(call("GET", "/tail", Map.of(), "").status()).isEqualTo(200);
    }

    @Test
    void the_tail_pages_follow_resumes_at_its_offset_and_restarts_a_file_that_shrank() throws Exception {
        fx.supervisor.appendLog("sleeper", io.corridor.supervisor.LogChannel.STDOUT, "0123456789");
        try (RawHttp c = fx.unixClient()) {
            c.send("GET", "/api/v1/processes/sleeper/logs/stdout?follow=true&offset=4", Map.of(), new byte[0]);
            assertThat(c.readResponse(Duration.ofSeconds(30)).status()).isEqualTo(200);
            fx.supervisor.appendLog("sleeper", io.corridor.supervisor.LogChannel.STDOUT, "more\n");
            String seen = c.readUntil("more\n", Duration.ofSeconds(30));
            // what the page already shows is not sent again: from byte 4 on, once
            assertThat(seen).contains("456789").doesNotContain("0123").doesNotContain("truncated");
        }
        try (RawHttp c = fx.unixClient()) {
            // the page rendered more than the file now holds (cleared or rotated since): say so, then all of it
            c.send("GET", "/api/v1/processes/sleeper/logs/stdout?follow=true&offset=1000", Map.of(), new byte[0]);
            assertThat(c.readResponse(Duration.ofSeconds(30)).status()).isEqualTo(200);
            String seen = c.readUntil("more\n", Duration.ofSeconds(30));
            assertThat(seen.indexOf("==> File truncated <==\n")).isNotNegative().isLessThan(seen.indexOf("0123456789more\n"));
        }
    }

    @Test
    void assets_come_from_the_jar_with_an_etag_and_nothing_else_is_served() throws Exception {
        RawHttp.Response js = call("GET", "/static/app.js", Map.of(), "");
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(js.text()).contains("/api/v1/processes");
        assertThat(call("GET", "/static/app.js", Map.of("If-None-Match", js.header("ETag")), "").status()).isEqualTo(304);
        assertThat(call("GET", "/static/app.css", Map.of(), "").status()).isEqualTo(200);
        assertThat(call("GET", "/static/../WebEndpoint.class", Map.of(), "").status()).isEqualTo(404);
        assertThat(call("GET", "/static/nope.js", Map.of(), "").status()).isEqualTo(404);
        // the other endpoints are where they were
        assertThat(call("GET", "/metrics", Map.of(), "").status()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/processes", Map.of(), "").status()).isEqualTo(200);
    }
}
