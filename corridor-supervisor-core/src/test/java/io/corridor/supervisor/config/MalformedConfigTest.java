package io.corridor.supervisor.config;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each file under {@code config/malformed/} must fail with supervisord's own text (recorded from Debian's
 * supervisor by {@code golden/generate.py} into {@code expected.json}), located at the right file, line, section and
 * key, and make {@code check} exit with status 2.
 */
class MalformedConfigTest {
    /** Where each error must point; supervisord itself gives no line, so these are ours. */
    record Location(String file, int line, String section, String key) {}

    private static final Map<String, Location> LOCATIONS = Map.ofEntries(
            Map.entry("no-section-header", new Location(null, 1, null, null)),
            Map.entry("parse-errors", new Location(null, 5, null, null)),
            Map.entry("no-supervisord-section", new Location(null, 0, null, null)),
            Map.entry("name-with-space", new Location(null, 6, "program:a b", null)),
            Map.entry("name-with-colon", new Location(null, 6, "program:a:b", null)),
            Map.entry("bad-boolean", new Location(null, 8, "program:x", "autostart")),
            Map.entry("numprocs-without-process-num", new Location(null, 8, "program:x", "numprocs")),
            Map.entry("unknown-user", new Location(null, 8, "program:x", "user")),
            Map.entry("unknown-uid", new Location(null, 8, "program:x", "user")),
            Map.entry("no-command", new Location(null, 6, "program:x", null)),
            Map.entry("unknown-expansion", new Location(null, 7, "program:x", "command")),
            Map.entry("unsupported-format-char", new Location(null, 7, "program:x", "command")),
            Map.entry("incomplete-format-key", new Location(null, 7, "program:x", "command")),
            Map.entry("process-num-in-priority", new Location(null, 8, "program:x", "priority")),
            Map.entry("group-unknown-program", new Location(null, 7, "group:g", "programs")),
            Map.entry("group-bad-name", new Location(null, 6, "group:g/h", null)),
            Map.entry("bad-integer", new Location(null, 8, "program:x", "startsecs")),
            Map.entry("bad-byte-size", new Location(null, 8, "program:x", "stdout_logfile_maxbytes")),
            Map.entry("bad-exitcodes", new Location(null, 8, "program:x", "exitcodes")),
            Map.entry("bad-autorestart", new Location(null, 8, "program:x", "autorestart")),
            Map.entry("bad-signal-name", new Location(null, 8, "program:x", "stopsignal")),
            Map.entry("bad-signal-number", new Location(null, 8, "program:x", "stopsignal")),
            Map.entry("logfile-directory-missing", new Location(null, 8, "program:x", "stdout_logfile")),
            Map.entry("stopasgroup-without-killasgroup", new Location(null, 9, "program:x", "killasgroup")),
            Map.entry("bad-environment", new Location(null, 8, "program:x", "environment")),
            Map.entry("unclosed-quote-in-environment", new Location(null, 8, "program:x", "environment")),
            Map.entry("include-without-files", new Location(null, 6, "include", null)),
            Map.entry("bad-octal", new Location(null, 8, "program:x", "umask")),
            Map.entry("bad-loglevel", new Location(null, 5, "supervisord", "loglevel")),
            Map.entry("childlogdir-missing", new Location(null, 2, "supervisord", "childlogdir")),
            Map.entry("inet-without-port", new Location(null, 6, "inet_http_server", "port")),
            Map.entry("inet-port-out-of-range", new Location(null, 7, "inet_http_server", "port")),
            Map.entry("inet-port-not-a-number", new Location(null, 7, "inet_http_server", "port")),
            Map.entry("unix-incomplete-auth", new Location(null, 8, "unix_http_server", "username")),
            Map.entry("unix-without-file", new Location(null, 6, "unix_http_server", "file")),
            Map.entry("unix-bad-chmod", new Location(null, 8, "unix_http_server", "chmod")),
            Map.entry("rpcinterface-without-factory",
                    new Location(null, 6, "rpcinterface:x", "supervisor.rpcinterface_factory")),
            Map.entry("supervisord-unknown-user", new Location(null, 5, "supervisord", "user")));

    /** Errors supervisord reports after read_config (in realize), which the generator does not reach. */
    private static final Map<String, String> LATER_ERRORS = Map.of(
            "supervisord-unknown-user", "Invalid user name nosuchuser-corridor");

    @TestFactory
    Stream<DynamicTest> everyMalformedFileFailsWithSupervisordsWords() throws Exception {
        Path dir = Path.of(MalformedConfigTest.class.getResource("/config/malformed/expected.json").toURI())
                .getParent();
        Map<String, Object> expected = GoldenConfigTest.map(GoldenConfigTest.json(Files.readString(dir.resolve("expected.json"))));
        assertThat(expected.keySet()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(LOCATIONS.keySet()).containsExactlyInAnyOrderElementsOf(
                expected.keySet().stream().map(k -> k.replace(".conf", "")).toList());
        List<DynamicTest> tests = new ArrayList<>();
        for (String fileName : expected.keySet()) {
            String name = fileName.replace(".conf", "");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Path conf = dir.resolve(fileName);
                String problem = Optional.ofNullable((String) expected.get(fileName))
                        .map(GoldenConfigTest::withoutSectionSuffix)
                        .map(p -> p.replace("@DIR@", dir.toString()))
                        .orElseGet(() -> LATER_ERRORS.get(name));
                assertThat(problem).as("expected problem for %s", name).isNotNull();
                LoadContext context = new LoadContext(GoldenConfigTest.GOLDEN_ENV, "golden-host", dir, Path.of("/tmp"));

                ConfigException e = catchThrowableOfType(ConfigException.class,
                        () -> ConfigLoader.load(conf, context));
                assertThat(e).as("%s must be rejected", name).isNotNull();
                Location at = LOCATIONS.get(name);
                assertThat(e.problem()).isEqualTo(problem);
                assertThat(e.file()).isEqualTo(conf);
                assertThat(e.line()).isEqualTo(at.line());
                assertThat(e.section()).isEqualTo(at.section());
                assertThat(e.key()).isEqualTo(at.key());
                String location = conf + (at.line() > 0 ? ":" + at.line() : "") + ": ";
                assertThat(e.getMessage()).startsWith(location).endsWith(problem);

                ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
                int status = CheckCommand.run(new String[] {"check", "-c", conf.toString()},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        new ConfigLocator(Map.of(), Optional.empty()), context);
                assertThat(status).isEqualTo(2);
                assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
                assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Error: " + e.getMessage() + "\n");
            }));
        }
        return tests.stream();
    }
}
