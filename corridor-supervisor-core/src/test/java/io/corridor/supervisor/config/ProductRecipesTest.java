package io.corridor.supervisor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The product page's own Supervisor recipes must pass {@code check} unchanged, read as supervisord reads them. */
class ProductRecipesTest {
    @TempDir
    Path tmp;

    private String recipes(Path installDir) throws Exception {
        Path source = Path.of(getClass().getResource("/config/recipes/corridor-programs.conf").toURI());
        return Files.readString(source).replace("INSTALL_DIR", installDir.toString());
    }

    private record Run(int status, String out, String err) {}

    private Run check(Path conf, String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        String[] args = new String[2 + extra.length];
        args[0] = "-c";
        args[1] = conf.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        int status = CheckCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ConfigLocator(Map.of(), Optional.empty()),
                new LoadContext(Map.of("HOME", "/root"), "host", tmp, tmp));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void recipesPassCheckWhenTheirLogDirectoryExists() throws Exception {
        Path install = Files.createDirectories(tmp.resolve("install"));
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path conf = Files.writeString(tmp.resolve("supervisord.conf"),
                recipes(install).replace("/var/log/corridor", logs.toString()));

        Run run = check(conf);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().map(l -> l.split(" ")[0]).toList()).containsExactly("corridor-app",
                "corridor-api", "corridor-worker-api", "corridor-worker-spark", "corridor-jupyter");
        SupervisorConfig config = ConfigLoader.load(conf, new LoadContext(Map.of(), "host", tmp, tmp));
        ProcessSpec api = config.groups().get(1).processes().getFirst();
        assertThat(api.command()).isEqualTo("\nbash -c \"" + install + "/venv-api/bin/corridor-api db upgrade && "
                + install + "/venv-api/bin/corridor-api run\"");
        assertThat(api.argv()).containsExactly("bash", "-c", install + "/venv-api/bin/corridor-api db upgrade && "
                + install + "/venv-api/bin/corridor-api run");
        ProcessSpec worker = config.groups().get(2).processes().getFirst();
        assertThat(worker.environment()).containsExactly(Map.entry("C_FORCE_ROOT", "1"));
        assertThat(worker.stdout().target()).isEqualTo(new LogTarget.File(logs.resolve("corridor-worker-api.log")));
        assertThat(worker.stderr().target()).isEqualTo(LogTarget.NONE);
        assertThat(worker.user()).contains("root");
        assertThat(worker.argv()).isEqualTo(List.of(install + "/venv-api/bin/corridor-worker", "run", "--queue", "api"));
    }

    @Test
    void verboseCheckPrintsTheWholeExpandedSpec() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path conf = Files.writeString(tmp.resolve("supervisord.conf"),
                recipes(tmp).replace("/var/log/corridor", logs.toString()));

        Run run = check(conf, "--verbose");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("    argv = ['bash', '-c', '" + tmp + "/venv-api/bin/corridor-api db upgrade")
                .contains("    environment = C_FORCE_ROOT='1'")
                .contains("    stdout_logfile = " + logs.resolve("corridor-app.log"))
                .contains("    stderr_logfile = NONE")
                .contains("    stopsignal = SIGTERM")
                .contains("    source = " + conf + ":");
    }

    @Test
    void withoutTheirLogDirectoryTheyFailAsSupervisordFails() throws Exception {
        assumeFalse(Files.exists(Path.of("/var/log/corridor")), "/var/log/corridor exists here");
        Path conf = Files.writeString(tmp.resolve("supervisord.conf"), recipes(tmp));

        Run run = check(conf);

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Error: " + conf + ":6: [program:corridor-app] stdout_logfile: The directory "
                + "named as part of the path /var/log/corridor/corridor-app.log does not exist\n");
    }
}
