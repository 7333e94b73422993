package io.corridor.supervisor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Warnings, include details, the search list and the ctl's own reading. */
class LoaderBehaviourTest {
    @TempDir
    Path tmp;

    private SupervisorConfig load(String text) throws Exception {
        Path conf = Files.writeString(tmp.resolve("supervisord.conf"), text);
        return ConfigLoader.load(conf, new LoadContext(Map.of("HOME", "/root"), "node", tmp, tmp));
    }

    private static List<String> messages(SupervisorConfig config) {
        return config.warnings().stream().map(ConfigWarning::message).toList();
    }

    @Test
    void unsupportedSectionsAreWarningsNotErrors() throws Exception {
        SupervisorConfig config = load("""
                [supervisord]
                [fcgi-program:f]
                command=/bin/cat
                socket=tcp://localhost:9002
                [ctlplugin:p]
                supervisor.ctl_factory = x:y
                [unix_http_server:second]
                file=/tmp/x.sock
                [mystery]
                [program:a]
                command=/bin/true
                colour=blue
                """);

        assertThat(config.groups()).extracting(GroupSpec::name).containsExactly("f", "a");
        String ctlplugin = "[ctlplugin:p] is a supervisorctl plugin (Python code that supervisorctl imports); the "
                + "server never uses it and corridorctl, a JVM program, cannot load Python; section ignored";
        assertThat(messages(config)).containsExactly(
                ctlplugin,
                "[unix_http_server:second] (a second HTTP server) is not supported yet; section ignored",
                "unknown section [mystery] ignored (as supervisord does)",
                "unknown key 'colour' in [program:a] ignored (as supervisord does)");
        assertThat(config.warnings().get(0)).isEqualTo(new ConfigWarning(tmp.resolve("supervisord.conf"), 5,
                ctlplugin));
    }

    /**
     * supervisord's per-process loop puts the parser's ENV_* names back before each process, so a name the previous
     * process's environment overrode is the parser's again; each process's argv is its own command's.
     */
    @Test
    void eachProcessStartsFromTheParsersEnvironmentNames() throws Exception {
        SupervisorConfig config = load("""
                [supervisord]
                [program:p]
                command=/bin/echo %(process_num)d
                process_name=p%(process_num)d
                numprocs=3
                environment=HOME="h%(process_num)d",SEEN="%(ENV_HOME)s"
                directory=/tmp/%(ENV_HOME)s
                """);
        List<ProcessSpec> ps = config.groups().getFirst().processes();
        assertThat(ps).extracting(p -> p.environment().get("SEEN")).containsExactly("/root", "/root", "/root");
        assertThat(ps).extracting(p -> p.directory().orElseThrow()).containsExactly("/tmp/h0", "/tmp/h1", "/tmp/h2");
        assertThat(ps).extracting(ProcessSpec::argv).containsExactly(
                List.of("/bin/echo", "0"), List.of("/bin/echo", "1"), List.of("/bin/echo", "2"));
    }

    @Test
    void defaultsFollowSupervisord() throws Exception {
        SupervisorConfig config = load("[supervisord]\n[program:a]\ncommand=/bin/true\n");

        SupervisordSettings s = config.supervisord();
        assertThat(s.logfile()).isEqualTo(new LogTarget.File(tmp.resolve("supervisord.log")));
        assertThat(s.pidfile()).isEqualTo(tmp.resolve("supervisord.pid"));
        assertThat(s.childlogdir()).isEqualTo(tmp);
        assertThat(s.umask()).isEqualTo(022);
        assertThat(s.logLevel()).isEqualTo(LogLevel.INFO);
        ProcessSpec a = config.groups().getFirst().processes().getFirst();
        assertThat(a.namespec()).isEqualTo("a");
        assertThat(a.priority()).isEqualTo(999);
        assertThat(a.autoRestart()).isEqualTo(AutoRestart.UNEXPECTED);
        assertThat(a.exitCodes()).containsExactly(0);
        assertThat(a.stopSignal()).isEqualTo(15);
        assertThat(a.stdout()).isEqualTo(new LogSpec(LogTarget.AUTO, 50L * 1024 * 1024, 10, 0, false, false));
        assertThat(a.serverUrl()).isEqualTo("AUTO");
        assertThat(config.unixHttpServer()).isEmpty();
        assertThat(config.supervisorctl()).isEmpty();
    }

    @Test
    void unparsableCommandIsAWarningAsInSupervisord() throws Exception {
        SupervisorConfig config = load("[supervisord]\n[program:a]\ncommand=bash -c 'foo ; bar'\n");

        assertThat(config.groups().getFirst().processes().getFirst().argv()).isEmpty();
        assertThat(messages(config)).containsExactly(
                "can't parse command \"bash -c 'foo\": No closing quotation (the process will fail to spawn)");
    }

    @Test
    void locatorSearchesTheEnvironmentVariableFirstThenSupervisordsList() throws Exception {
        Path home = tmp.resolve("dist");
        ConfigLocator locator = new ConfigLocator(Map.of("CORRIDOR_SUPERVISOR_CONF", "/nowhere/s.conf"),
                Optional.of(home));
        assertThat(locator.searchPaths()).containsExactly(Path.of("/nowhere/s.conf"),
                home.resolve("etc/supervisord.conf"), home.resolve("supervisord.conf"), Path.of("supervisord.conf"),
                Path.of("etc/supervisord.conf"), Path.of("/etc/supervisord.conf"),
                Path.of("/etc/supervisor/supervisord.conf"));
        Files.createDirectories(home.resolve("etc"));
        Path bundled = Files.writeString(home.resolve("etc/supervisord.conf"), "[supervisord]\n");
        assertThat(locator.find()).contains(bundled);
    }

    @Test
    void checkWithoutAnyConfigSaysSoAndExits2() {
        var err = new java.io.ByteArrayOutputStream();
        ConfigLocator nowhere = new ConfigLocator(List.of(tmp.resolve("no-dist/etc/supervisord.conf"),
                tmp.resolve("etc/supervisor/supervisord.conf")));
        int status = CheckCommand.run(new String[] {"check"}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true), nowhere, new LoadContext(Map.of(), "n", tmp, tmp));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("Error: No config file found at default paths ("
                + tmp.resolve("no-dist/etc/supervisord.conf") + ", ").endsWith(
                tmp.resolve("etc/supervisor/supervisord.conf") + "); use the -c option to specify a config file at a different path\n");
    }

    @Test
    void ctlReadsItsSectionAsSupervisorctl() throws Exception {
        Path conf = Files.writeString(tmp.resolve("ctl.conf"), """
                [supervisorctl]
                serverurl=unix://%(here)s/run/../s.sock
                username=%(ENV_USER)s
                password=p
                """);
        CtlSettings ctl = CtlConfig.read(conf, Map.of("USER", "bob"));
        assertThat(ctl).isEqualTo(new CtlSettings("unix://" + tmp.resolve("s.sock"), Optional.of("bob"),
                Optional.of("p"), "supervisor", Optional.empty()));
    }
}
