package io.corridor.supervisor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** corridor's fleet keys: {@code serverurls} and TLS/token keys of [supervisorctl], TLS and tokens of the servers. */
class FleetConfigTest {
    private static final String TOKEN = "0123456789abcdef0123";

    @TempDir Path dir;

    @Test
    void serverurlsAreNamePairsSeparatedByCommasOrLines() {
        assertThat(ServerList.parse("a=unix:///x.sock, b=https://h:9001\n  c=http://h2:1 # comment\n"))
                .containsExactly(new ServerList.Server("a", "unix:///x.sock"),
                        new ServerList.Server("b", "https://h:9001"), new ServerList.Server("c", "http://h2:1"));
        assertThatThrownBy(() -> ServerList.parse("a=unix:///x, a=unix:///y")).hasMessage("server name 'a' given twice");
        assertThatThrownBy(() -> ServerList.parse("unix:///x")).hasMessage("'unix:///x' is not name=URL");
        assertThatThrownBy(() -> ServerList.parse("a:b=unix:///x")).hasMessageContaining("server name 'a:b' must be");
        assertThatThrownBy(() -> ServerList.parse("a=ftp://x")).hasMessageContaining("is not unix://, http:// or https://");
    }

    @Test
    void supervisorctlReadsTheFleetKeys() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        Path file = write("ctl.conf", "[supervisorctl]\nserverurl=unix:///one.sock\nserverurls = a=unix://rel.sock,\n"
                + "  b=https://h:9001\ncafile=%(here)s/ca.pem\ntoken=%(ENV_T)s\ntimeout=7\n");
        CtlSettings settings = CtlConfig.read(file, Map.of("T", TOKEN));
        FleetSettings fleet = settings.fleet();
        assertThat(settings.serverUrl()).isEqualTo("unix:///one.sock");
        assertThat(fleet.serverUrls()).containsExactly(
                new ServerList.Server("a", "unix://" + Path.of("").toAbsolutePath().resolve("rel.sock")),
                new ServerList.Server("b", "https://h:9001"));
        assertThat(fleet.cafile()).contains(dir.resolve("ca.pem"));
        assertThat(fleet.token()).contains(TOKEN);
        assertThat(fleet.timeoutSeconds()).isEqualTo(7);
        assertThat(CtlConfig.read(write("plain.conf", "[supervisorctl]\n"), Map.of()).fleet())
                .isEqualTo(FleetSettings.NONE);
    }

    @Test
    void badFleetKeysNameFileAndLine() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> CtlConfig.read(
                write("bad.conf", "[supervisorctl]\n\nserverurls = web 1=unix:///x\n"), Map.of()));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("serverurls");
        assertThat(e.getMessage()).startsWith(dir.resolve("bad.conf") + ":3: [supervisorctl] serverurls: server name");
        e = catchThrowableOfType(ConfigException.class, () -> CtlConfig.read(
                write("nocafile.conf", "[supervisorctl]\ncafile=/nonexistent/ca.pem\n"), Map.of()));
        assertThat(e.getMessage()).endsWith(":2: [supervisorctl] cafile: cannot read cafile /nonexistent/ca.pem");
        e = catchThrowableOfType(ConfigException.class, () -> CtlConfig.read(
                write("timeout.conf", "[supervisorctl]\ntimeout=0\n"), Map.of()));
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void serversReadTlsAndTokens() throws Exception {
        for (String f : List.of("server.pem", "server.key", "ca.pem")) Files.writeString(dir.resolve(f), "x");
        Files.writeString(dir.resolve("tokens"), "# who role token\nprom read " + TOKEN + "\n\nops  admin  "
                + TOKEN + "x\n");
        SupervisorConfig config = ConfigLoader.load(write("s.conf", supervisord()
                + "[inet_http_server]\nport=127.0.0.1:9001\ncertfile=%(here)s/server.pem\nkeyfile=%(here)s/server.key\n"
                + "clientca=%(here)s/ca.pem\ntokens_file=%(here)s/tokens\n"
                + "[unix_http_server]\nfile=%(here)s/s.sock\ntokens_file=%(here)s/tokens\n"), Map.of());
        ServerAccess inet = config.inetHttpServer().orElseThrow().access();
        assertThat(inet.tls()).contains(new ServerAccess.Tls(dir.resolve("server.pem"), dir.resolve("server.key"),
                Optional.of(dir.resolve("ca.pem"))));
        assertThat(inet.tokens()).containsExactly(new ServerAccess.AccessToken("prom", ServerAccess.Role.READ, TOKEN),
                new ServerAccess.AccessToken("ops", ServerAccess.Role.ADMIN, TOKEN + "x"));
        assertThat(config.unixHttpServer().orElseThrow().access().tokens()).hasSize(2);
        assertThat(inet.tokens().getFirst().toString()).doesNotContain(TOKEN);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void badTokensFilesNameTheirLine() throws Exception {
        assertTokensError("prom reader " + TOKEN + "\n", 1, "role must be read or admin, not 'reader'");
        assertTokensError("# c\nprom read short\n", 2, "token of 'prom' must be at least 16 printable ASCII characters (e.g. openssl rand -hex 24)");
        assertTokensError("a read " + TOKEN + "\nb admin " + TOKEN + "\n", 2, "token of 'b' is used twice");
        assertTokensError("a read " + TOKEN + " extra\n", 1, "expected 'NAME ROLE TOKEN', found 4 word(s)");
        assertTokensError("# nothing\n", 0, "tokens file has no token");
    }

    @Test
    void tlsKeysGoTogether() throws Exception {
        Files.writeString(dir.resolve("server.pem"), "x");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(write("s.conf",
                supervisord() + "[inet_http_server]\nport=127.0.0.1:9001\ncertfile=%(here)s/server.pem\n"), Map.of()));
        assertThat(e.key()).isEqualTo("certfile");
        assertThat(e.problem()).isEqualTo("certfile and keyfile go together");
    }

    private void assertTokensError(String tokens, int line, String problem) throws Exception {
        Path tokensFile = dir.resolve("tokens-" + line + "-" + problem.hashCode());
        Files.writeString(tokensFile, tokens);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(write("t.conf",
                supervisord() + "[unix_http_server]\nfile=%(here)s/s.sock\ntokens_file=" + tokensFile + "\n"),
                Map.of()));
        assertThat(e).as(problem).isNotNull();
        assertThat(e.file()).isEqualTo(tokensFile);
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.problem()).isEqualTo(problem);
    }

    private String supervisord() {
        return "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\npidfile=" + dir.resolve("s.pid") + "\n";
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
