package io.corridor.supervisor.dist;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page, end to end: the supervisor from the tarball listening on TCP with Basic auth, and Debian's headless
 * Chromium driven through Debian's chromedriver (nothing is downloaded at run time). With {@code CI=true} a missing
 * browser fails the test instead of skipping it. {@code -Dcorridor.screenshot=true} also writes the page's picture
 * to docs/web-page.png and docs/web-tail.png.
 */
class WebPageIT {
    private static final Duration T = Duration.ofSeconds(90);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String USER = "ops";
    private static final String PASSWORD = "s3cret";
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    @TempDir Path dir;
    private Installation inst;
    private Process server;
    private ChromeDriver browser;
    private HttpServer attacker;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();
    // Selenium warns that it has no typed CDP bindings for this Chromium; the raw CDP commands used here need none
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    @BeforeEach
    void start() throws Exception {
        Installation.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
        inst = Installation.unpack(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        Path conf = Files.writeString(dir.resolve("web.conf"), """
                [supervisord]
                logfile=%1$s/main.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                identifier=web-it

                [unix_http_server]
                file=%1$s/supervisor.sock

                [inet_http_server]
                port=127.0.0.1:%2$d
                username=%3$s
                password=%4$s

                [supervisorctl]
                serverurl=unix://%1$s/supervisor.sock

                [program:web]
                command=/bin/sleep 100000
                startsecs=1

                [program:ticker]
                command=/bin/sh -c 'while :; do if [ -e %1$s/say ]; then cat %1$s/say; rm -f %1$s/say; fi; sleep 0.05; done'
                startsecs=0

                [program:worker]
                command=/bin/sleep 100000
                process_name=%%(program_name)s_%%(process_num)02d
                numprocs=2
                startsecs=0

                [program:nightly]
                command=/bin/true
                autostart=false

                [program:broken]
                command=/bin/false
                startretries=0
                """.formatted(dir, port, USER, PASSWORD));
        server = new ProcessBuilder(inst.bin("corridor-supervisord").toString(), "-n", "-c", conf.toString())
                .redirectOutput(dir.resolve("fg.out").toFile()).redirectErrorStream(true).start();
        Installation.await("web and both workers RUNNING", () -> {
            try {
                return state("web").equals("RUNNING") && state("worker:worker_00").equals("RUNNING")
                        && state("worker:worker_01").equals("RUNNING");
            } catch (java.io.IOException notListeningYet) {
                return false;
            }
        }, T);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")), "--window-size=1360,760");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(T).scriptTimeout(T);
        // the operator has logged in: the browser sends the Basic credentials with every request, to any page's
        // request for this server included (which is what makes cross-site requests dangerous)
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", AUTH)));
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) browser.quit();
        if (attacker != null) attacker.stop(0);
        if (server != null && server.isAlive()) {
            server.destroy();   // SIGTERM: ordered stop of the children, then exit
            server.waitFor();
        }
        if (inst != null) {
            inst.assertNothingLeftRunning();
        }
    }

    @Test
    void stopAndStartByClickingAndSeeEveryChangeWithoutReloading() throws Exception {
        browser.get(base + "/");
        awaitText("#live", "live");
        browser.executeScript("window.loadedOnce = 'yes'");   // gone if the page reloads
        assertThat(pill("web")).isEqualTo("RUNNING");
        assertThat(text("#sup-state")).isEqualTo("RUNNING");
        assertThat(text("#ident")).isEqualTo("web-it");

        click("web", "stop");
        awaitPill("web", "STOPPED");
        assertThat(state("web")).isEqualTo("STOPPED");
        awaitText("#flash", "web: stopped");
        click("web", "start");
        awaitPill("web", "RUNNING");
        assertThat(state("web")).isEqualTo("RUNNING");

        // a group's buttons act on the group
        browser.findElement(By.cssSelector("tbody[data-group='worker'] .group-row .btn-stop")).click();
        awaitPill("worker:worker_00", "STOPPED");
        awaitPill("worker:worker_01", "STOPPED");

        // a change made elsewhere shows up without touching the page
        long before = System.nanoTime();
        Installation.Result r = inst.ctl(T, "-c", dir.resolve("web.conf").toString(), "start", "worker:worker_01");
        assertThat(r.exit()).as(r.toString()).isZero();
        long ctlDone = System.nanoTime();
        awaitPill("worker:worker_01", "RUNNING");
        System.out.printf("WebPageIT: corridorctl start answered after %d ms, the page showed RUNNING %d ms later%n",
                (ctlDone - before) / 1_000_000, (System.nanoTime() - ctlDone) / 1_000_000);

        // the filters: by name, then by state
        browser.findElement(By.id("filter-name")).sendKeys("worker");
        Installation.await("only the workers shown", () -> visibleRows().equals(List.of("worker:worker_00", "worker:worker_01")), T);
        browser.findElement(By.id("filter-name")).clear();
        browser.findElement(By.cssSelector("#filter-state option[value='STOPPED']")).click();
        Installation.await("only the stopped shown", () -> visibleRows().equals(List.of("nightly", "worker:worker_00")), T);
        assertThat(browser.getCurrentUrl()).endsWith("/?state=STOPPED");

        assertThat(browser.executeScript("return window.loadedOnce")).isEqualTo("yes");
        browser.findElement(By.cssSelector("#filter-state option[value='']")).click();
        Installation.await("every process shown", () -> visibleRows().size() == 6, T);
        browser.executeScript("document.activeElement.blur()");
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(browser.findElement(By.tagName("footer"))).perform();
        screenshotIfAsked("web-page.png");
    }

    @Test
    void tailFollowsTheChildsOutputAndTheMainLog() throws Exception {
        say("first line before the page\n");
        Installation.await("ticker's first line in its log", () -> Files.exists(dir.resolve("say")) == false
                && readLog("ticker").contains("first line before the page"), T);
        browser.get(base + "/tail?name=ticker");
        assertThat(text("#log")).contains("first line before the page");   // rendered by the server
        awaitText("#tail-status", "following");
        for (int i = 1; i <= 3; i++) {
            String line = "line " + i + " written while the page follows";
            say(line + "\n");
            Installation.await("'" + line + "' on the page", () -> text("#log").contains(line), T);
        }
        // every byte once: the page resumed exactly where the server-rendered part ended
        assertThat(count(text("#log"), "first line before the page")).isEqualTo(1);
        assertThat(count(text("#log"), "line 1 written")).isEqualTo(1);

        browser.get(base + "/tail");
        awaitText("#tail-status", "following");
        Installation.Result r = inst.ctl(T, "-c", dir.resolve("web.conf").toString(), "stop", "web");
        assertThat(r.exit()).as(r.toString()).isZero();
        Installation.await("the stop in the main log on the page", () -> text("#log").contains("stopped: web"), T);
        screenshotIfAsked("web-tail.png");
    }

    @Test
    void crossSitePostsAndActionLinksChangeNothing() throws Exception {
        long pid = pid("web");
        // another site the operator visits: it posts forms to the supervisor, as a plain form, to the REST API,
        // and to XML-RPC, and tries a script request too
        String target = base;
        String evil = """
                <!DOCTYPE html><html><body>
                <iframe name="a"></iframe><iframe name="b"></iframe><iframe name="c"></iframe>
                <form target="a" method="post" action="%1$s/"><input name="action" value="stop"><input name="name" value="web"><input name="csrf" value="guessed"></form>
                <form target="b" method="post" action="%1$s/api/v1/processes/web/stop"></form>
                <form target="c" method="post" enctype="text/plain" action="%1$s/RPC2"><input name='<?xml version="1.0"?><methodCall><methodName>supervisor.stopProcess</methodName><params><param><value><string>web</string></value></param></params></methodCall><!--' value="-->"></form>
                <script>
                  for (const f of document.forms) f.submit();
                  fetch('%1$s/api/v1/supervisor/stop-all', {method: 'POST', mode: 'no-cors'});
                </script></body></html>
                """.formatted(target);
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", ex -> {
            byte[] body = evil.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        attacker.start();
        // "localhost" vs "127.0.0.1": another site, not only another port
        browser.get("http://localhost:" + attacker.getAddress().getPort() + "/");
        Installation.await("the four cross-site requests refused", () -> count(mainLog(), "refused (403)") >= 4, T);
        assertThat(mainLog()).contains("refused (403): Origin http://localhost:");

        // supervisord's action links: the page is shown, nothing is done
        browser.get(base + "/index.html?processname=web&action=stop");
        assertThat(browser.findElement(By.id("link-notice")).isDisplayed()).isTrue();
        browser.get(base + "/?name=web&action=stop");
        assertThat(pill("web")).isEqualTo("RUNNING");

        // the GET answers were written after their handling, and the 403s before any engine call: nothing changed
        assertThat(state("web")).isEqualTo("RUNNING");
        assertThat(pid("web")).isEqualTo(pid);
        assertThat(state("worker:worker_00")).isEqualTo("RUNNING");
        assertThat(mainLog()).doesNotContain("stopped: web").doesNotContain("waiting for web to stop");

        // and the same requests from the page itself do act (the refusals above are not a broken server)
        HttpResponse<String> headers = get("/");
        assertThat(headers.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(headers.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        click("web", "stop");
        awaitPill("web", "STOPPED");
    }

    @Test
    void worksWithoutJavaScript() throws Exception {
        browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        browser.get(base + "/");
        assertThat(text("#live")).isEqualTo("static");   // the script did not run
        click("web", "stop");                             // a plain form POST, then a redirect to the page
        Installation.await("the page after the redirect", () -> browser.getCurrentUrl().contains("msg="), T);
        assertThat(text("#flash")).isEqualTo("web: stopped");
        assertThat(pill("web")).isEqualTo("STOPPED");
        assertThat(state("web")).isEqualTo("STOPPED");
        click("web", "start");
        Installation.await("the page after the redirect", () -> text("#flash").equals("web: started"), T);
        assertThat(pill("web")).isEqualTo("RUNNING");

        // the filter form is a GET the server answers
        browser.findElement(By.id("filter-name")).sendKeys("work");
        browser.findElement(By.id("filter-apply")).click();
        Installation.await("the filtered page", () -> browser.getCurrentUrl().contains("name=work"), T);
        assertThat(visibleRows()).containsExactly("worker:worker_00", "worker:worker_01");
    }

    // ---------------------------------------------------------------- the page

    private void click(String namespec, String action) {
        row(namespec).findElement(By.cssSelector(".btn-" + action)).click();
    }

    private WebElement row(String namespec) {
        return browser.findElement(By.cssSelector("tr.proc[data-namespec='" + namespec + "']"));
    }

    /** Read through a script: the live page replaces text in place, so elements are never held across updates. */
    private String pill(String namespec) {
        return (String) browser.executeScript(
                "const r = document.querySelector(`tr.proc[data-namespec='${arguments[0]}'] .state`); return r ? r.textContent : null;",
                namespec);
    }

    private String text(String css) {
        Object t = browser.executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
        return t == null ? "" : (String) t;
    }

    @SuppressWarnings("unchecked")
    private List<String> visibleRows() {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('tr.proc:not(.hidden)')].map(r => r.dataset.namespec);");
    }

    private void awaitPill(String namespec, String state) throws Exception {
        Installation.await(namespec + " " + state + " on the page", () -> state.equals(pill(namespec)), T);
    }

    private void awaitText(String css, String text) throws Exception {
        Installation.await(css + " saying '" + text + "'", () -> text(css).contains(text), T);
    }

    private void screenshotIfAsked(String name) throws Exception {
        if (!"true".equals(System.getProperty("corridor.screenshot"))) return;
        Path docs = Path.of(System.getProperty("corridor.docs"));
        Files.write(docs.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    // ---------------------------------------------------------------- the server, through REST

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTH).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String state(String namespec) throws Exception {
        return field(namespec, "state");
    }

    private long pid(String namespec) throws Exception {
        return Long.parseLong(field(namespec, "pid"));
    }

    private String field(String namespec, String name) throws Exception {
        HttpResponse<String> r = get("/api/v1/processes/" + namespec + "?pretty=false&fields=" + name);
        if (r.statusCode() != 200) return "HTTP " + r.statusCode();
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(r.body());
        return m.find() ? m.group(1) : r.body();
    }

    private String readLog(String namespec) throws Exception {
        return get("/api/v1/processes/" + namespec + "/logs/stdout?pretty=false").body();
    }

    private String mainLog() throws Exception {
        return Files.readString(dir.resolve("main.log"));
    }

    /** Hands a line to the ticker program, which prints the file and removes it. */
    private void say(String text) throws Exception {
        Installation.await("the ticker took the previous line", () -> !Files.exists(dir.resolve("say")), T);
        Path tmp = Files.writeString(dir.resolve("say.tmp"), text);
        Files.move(tmp, dir.resolve("say"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
        return n;
    }
}
