package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Supervisor's own end-to-end regression suite ({@code supervisor/tests/test_end_to_end.py}, Debian's copy, not
 * changed) against corridor-supervisord from the unpacked tarball: a {@code sitecustomize.py} on PYTHONPATH turns the
 * suite's {@code python -m supervisor.supervisord ARGS} into {@code corridor-supervisord ARGS}; Debian's
 * supervisorctl talks to it. The package is copied so the one fixture Debian leaves out ({@code hello.sh}) can be
 * added. The suite's fixtures use fixed paths under /tmp (sockets, pidfiles, logs): in the copy they are moved to
 * this test's own directory, so two runs at once on one machine (or a server left over from another run, still
 * listening on /tmp/issue-NNN.sock) cannot disturb each other. Nothing else in the suite is changed.
 */
class SupervisorEndToEndSuiteIT {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path PACKAGE = Path.of("/usr/lib/python3/dist-packages/supervisor");
    private static final Pattern RAN = Pattern.compile("^Ran (\\d+) tests? in", Pattern.MULTILINE);

    /**
     * Loaded by every Python started with its directory on PYTHONPATH: the suite starts the server as
     * {@code sys.executable -m supervisor.supervisord ARGS}; that one command becomes corridor-supervisord ARGS.
     * Everything else (supervisorctl, the fixtures' programs) runs unchanged.
     */
    static final String SITECUSTOMIZE = """
            import os
            import sys

            _argv = getattr(sys, 'orig_argv', [])
            if _argv[1:3] == ['-m', 'supervisor.supervisord'] and os.environ.get('CORRIDOR_SUPERVISORD'):
                _exe = os.environ['CORRIDOR_SUPERVISORD']
                os.execv(_exe, [_exe] + _argv[3:])
            """;

    /**
     * fixtures/hello.sh for test_issue_565, which Debian's package does not ship (the test fails there with
     * supervisord too): the non-ASCII lines the test tails, one a second.
     */
    static final String HELLO_SH = """
            n=1
            while [ $n -le 600 ]; do
                echo "The Øresund bridge ends in Malmö - $n"
                n=$((n + 1))
                sleep 1
            done
            """;

    @TempDir Path dir;
    private Installation inst;

    @AfterEach
    void nothingLeftRunning() {
        if (inst == null) return;
        inst.assertNothingLeftRunning();
    }

    @Test
    void supervisorsEndToEndSuitePassesWithOurServer() throws Exception {
        boolean present = Files.exists(PACKAGE.resolve("tests/test_end_to_end.py")) && pexpectPresent();
        Installation.require(present, "Supervisor's test_end_to_end.py (apt-get install supervisor) and pexpect "
                + "(apt-get install python3-pexpect)");
        inst = Installation.unpack(dir);

        Path py = dir.resolve("py");
        copyTree(PACKAGE, py.resolve("supervisor"));
        Path hello = py.resolve("supervisor/tests/fixtures/hello.sh");
        if (!Files.exists(hello)) Files.writeString(hello, HELLO_SH);
        movePrivate(py.resolve("supervisor/tests"), Files.createDirectories(dir.resolve("t")));
        Path shim = Files.createDirectories(dir.resolve("shim"));
        Files.writeString(shim.resolve("sitecustomize.py"), SITECUSTOMIZE);

        Installation.Result r = Installation.run(dir, Map.of(
                        "END_TO_END", "1",
                        "PYTHONPATH", shim + ":" + py,
                        "PYTHONDONTWRITEBYTECODE", "1",
                        "CORRIDOR_SUPERVISORD", inst.bin("corridor-supervisord").toString()),
                Duration.ofMinutes(20), PYTHON.toString(), "-m", "unittest", "-v", "supervisor.tests.test_end_to_end");

        Matcher ran = RAN.matcher(r.err());
        assertThat(ran.find()).as(r.toString()).isTrue();
        assertThat(Integer.parseInt(ran.group(1))).as("tests in the suite").isGreaterThanOrEqualTo(25);
        assertThat(r.err()).as(r.toString()).containsPattern("(?m)^OK\\s*$");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    private static boolean pexpectPresent() throws Exception {
        if (!Files.isExecutable(PYTHON)) return false;
        return Installation.run(Path.of("/"), Map.of(), Duration.ofSeconds(30), PYTHON.toString(), "-c",
                "import pexpect").exit() == 0;
    }

    /**
     * Rewrites the fixed {@code /tmp/} paths of the suite and its fixtures (configs, the test module that dials
     * {@code unix:///tmp/issue-835.sock}) to {@code privateTmp}. Unix socket paths stay short (108 bytes at most):
     * the temp directory is a short path under /tmp.
     */
    private static void movePrivate(Path tests, Path privateTmp) throws IOException {
        List<Path> rewritten = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(tests)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".conf") && !name.equals("test_end_to_end.py")) continue;
                String text = Files.readString(f);
                if (!text.contains("/tmp/")) continue;
                Files.writeString(f, text.replace("/tmp/", privateTmp + "/"));
                rewritten.add(f);
            }
        }
        assertThat(rewritten).as("files naming /tmp/ paths").anyMatch(f -> f.endsWith("test_end_to_end.py"));
        assertThat(privateTmp.resolve("issue-1483a.sock").toString().length()).as("socket path length").isLessThan(100);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().equals("__pycache__")) continue;
                if (f.toString().contains("/__pycache__/")) continue;
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }
}
