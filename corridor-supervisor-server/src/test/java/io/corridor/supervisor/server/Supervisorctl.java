package io.corridor.supervisor.server;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's real {@code /usr/bin/supervisorctl} against a server; every run is killed by pid if it overstays. */
final class Supervisorctl {
    static final Path BINARY = Path.of("/usr/bin/supervisorctl");

    record Result(int exitCode, String output) { }

    private final Path config;

    private Supervisorctl(Path config) {
        this.config = config;
    }

    /** Skips the test when supervisorctl is absent, except under CI=true where its absence is a failure. */
    static void assumeInstalled() {
        boolean present = Files.isExecutable(BINARY);
        if ("true".equals(System.getenv("CI"))) {
            if (!present) throw new AssertionError("CI=true but " + BINARY + " is missing (apt-get install supervisor)");
        } else {
            Assumptions.assumeTrue(present, BINARY + " not installed");
        }
    }

    static Supervisorctl forUrl(Path dir, String serverUrl, String user, String password) throws IOException {
        StringBuilder conf = new StringBuilder("[supervisorctl]\nserverurl=").append(serverUrl).append('\n');
        if (user != null) conf.append("username=").append(user).append("\npassword=").append(password).append('\n');
        Path file = Files.createTempFile(dir, "ctl", ".conf");
        Files.writeString(file, conf);
        return new Supervisorctl(file);
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-c", config.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("supervisorctl " + String.join(" ", args) + " hung");
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    /** Starts supervisorctl without waiting (for {@code tail -f}); the caller must destroy it. */
    Process spawn(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-c", config.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
