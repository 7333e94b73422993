package io.corridor.supervisor.config;

import io.corridor.supervisor.json.JsonReader;
import io.corridor.supervisor.os.Users;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Compares the reader with fixtures generated once by {@code golden/generate.py}: configparser's raw parse, and the
 * model that Debian's real supervisor builds from the same file.
 */
class GoldenConfigTest {
    static final Map<String, String> GOLDEN_ENV = Map.of("HOME", "/home/golden", "GOLDEN_VAR", "gv",
            "PATH", "/usr/bin:/bin");

    @TestFactory
    Stream<DynamicTest> everyFixtureMatchesPython() throws Exception {
        Path dir = goldenDir();
        List<Path> confs;
        try (Stream<Path> files = Files.list(dir)) {
            confs = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertThat(confs).hasSizeGreaterThanOrEqualTo(8);
        return confs.stream().map(conf -> DynamicTest.dynamicTest(conf.getFileName().toString(), () -> {
            String json = Files.readString(Path.of(conf.toString().replace(".conf", ".json")))
                    .replace("@HERE@", dir.toString().replace("\\", "\\\\"));
            Map<String, Object> expected = map(json(json));
            compareRawParse(conf, map(expected.get("ini")));
            compareModel(conf, map(expected.get("supervisor")));
        }));
    }

    static Path goldenDir() throws URISyntaxException {
        return Path.of(GoldenConfigTest.class.getResource("/config/golden/generate.py").toURI()).getParent();
    }

    private static void compareRawParse(Path conf, Map<String, Object> ini) throws ConfigException {
        IniFile parsed = IniFile.read(conf);
        List<Object> actual = new ArrayList<>();
        for (String section : parsed.sectionNames()) {
            List<Object> items = new ArrayList<>();
            parsed.items(section).forEach((k, e) -> items.add(List.of(k, e.value())));
            actual.add(List.of(section, items));
        }
        assertThat(actual).as("sections of %s", conf).isEqualTo(ini.get("sections"));
        List<Object> defaults = new ArrayList<>();
        parsed.defaults().forEach((k, e) -> defaults.add(List.of(k, e.value())));
        assertThat(defaults).isEqualTo(ini.get("defaults"));
    }

    private static void compareModel(Path conf, Map<String, Object> expected) throws IOException {
        LoadContext context = new LoadContext(GOLDEN_ENV, "golden-host", Path.of("/tmp"), Path.of("/tmp"));
        if (expected.containsKey("error")) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(conf, context));
            assertThat(e).as("error for %s", conf).isNotNull();
            assertThat(e.problem()).isEqualTo(withoutSectionSuffix((String) expected.get("error")));
            return;
        }
        SupervisorConfig config;
        try {
            config = ConfigLoader.load(conf, context);
        } catch (ConfigException e) {
            throw new AssertionError("unexpected error for " + conf + ": " + e.getMessage(), e);
        }
        assertThat(supervisord(config.supervisord())).isEqualTo(expected.get("supervisord"));
        List<GroupSpec> groups = config.groups().stream().sorted(Comparator.comparing(GroupSpec::name)).toList();
        List<Object> actualGroups = new ArrayList<>();
        for (GroupSpec g : groups) {
            List<Object> processes = new ArrayList<>();
            g.processes().forEach(p -> processes.add(process(p)));
            actualGroups.add(Map.of("name", g.name(), "priority", (long) g.priority(), "processes", processes));
        }
        assertThat(actualGroups).isEqualTo(expected.get("groups"));
        assertThat(servers(config)).isEqualTo(expected.get("servers"));
        List<String> ourWarnings = config.warnings().stream().map(ConfigWarning::message).toList();
        assertThat(ourWarnings).containsAll(strings(expected.get("warnings")));
    }

    static String withoutSectionSuffix(String message) {
        return message.replaceFirst(" in section '[^']*' \\(file: '[^']*'\\)$", "");
    }

    private static Map<String, Object> supervisord(SupervisordSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logfile", ((LogTarget.File) s.logfile()).path().toString());
        m.put("logfile_maxbytes", s.logfileMaxBytes());
        m.put("logfile_backups", (long) s.logfileBackups());
        m.put("loglevel", s.logLevel().name());
        m.put("pidfile", s.pidfile().toString());
        m.put("umask", (long) s.umask());
        m.put("nodaemon", s.nodaemon());
        m.put("silent", s.silent());
        m.put("minfds", (long) s.minfds());
        m.put("minprocs", (long) s.minprocs());
        m.put("nocleanup", s.nocleanup());
        m.put("childlogdir", s.childlogdir().toString());
        m.put("user", s.user().orElse(null));
        m.put("directory", s.directory().map(Path::toString).orElse(null));
        m.put("strip_ansi", s.stripAnsi());
        m.put("environment", pairs(s.environment()));
        m.put("identifier", s.identifier());
        return m;
    }

    private static Map<String, Object> process(ProcessSpec p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("command", p.command());
        m.put("argv", List.copyOf(p.argv()));
        m.put("directory", p.directory().orElse(null));
        m.put("umask", p.umask().isPresent() ? (Object) (long) p.umask().getAsInt() : null);
        m.put("priority", (long) p.priority());
        m.put("autostart", p.autostart());
        m.put("autorestart", p.autoRestart().name());
        m.put("startsecs", (long) p.startSecs());
        m.put("startretries", (long) p.startRetries());
        m.put("uid", p.user().map(u -> (Object) (long) Users.lookup(u).orElseThrow().uid()).orElse(null));
        m.put("stopsignal", (long) p.stopSignal());
        m.put("stopwaitsecs", (long) p.stopWaitSecs());
        m.put("stopasgroup", p.stopAsGroup());
        m.put("killasgroup", p.killAsGroup());
        m.put("exitcodes", p.exitCodes().stream().map(c -> (Object) (long) c).toList());
        m.put("redirect_stderr", p.redirectStderr());
        m.put("environment", pairs(p.environment()));
        m.put("serverurl", p.serverUrl());
        log(m, "stdout", p.stdout());
        log(m, "stderr", p.stderr());
        return m;
    }

    private static void log(Map<String, Object> m, String stream, LogSpec log) {
        m.put(stream + "_logfile", switch (log.target()) {
            case LogTarget.Auto a -> "AUTO";
            case LogTarget.None n -> "NONE";
            case LogTarget.Syslog s -> "syslog";
            case LogTarget.File f -> f.path().toString();
        });
        m.put(stream + "_logfile_maxbytes", log.maxBytes());
        m.put(stream + "_logfile_backups", (long) log.backups());
        m.put(stream + "_capture_maxbytes", log.captureMaxBytes());
        m.put(stream + "_events_enabled", log.eventsEnabled());
        m.put(stream + "_syslog", log.syslog());
    }

    private static List<Object> servers(SupervisorConfig config) {
        List<Object> out = new ArrayList<>();
        config.inetHttpServer().ifPresent(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", s.host());
            m.put("name", null);
            m.put("password", s.password().orElse(null));
            m.put("port", (long) s.port());
            m.put("username", s.username().orElse(null));
            out.add(m);
        });
        config.unixHttpServer().ifPresent(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chmod", (long) s.chmod());
            m.put("file", s.file().toString());
            m.put("name", null);
            m.put("password", s.password().orElse(null));
            m.put("username", s.username().orElse(null));
            out.add(m);
        });
        return out;
    }

    private static List<Object> pairs(Map<String, String> map) {
        List<Object> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(List.of(k, v)));
        return out;
    }

    static Object json(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return JsonReader.read(utf8, utf8.length);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object o) {
        return (List<String>) o;
    }
}
