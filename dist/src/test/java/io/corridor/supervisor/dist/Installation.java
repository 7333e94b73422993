package io.corridor.supervisor.dist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh copy of the built tarball, unpacked into a temporary directory, and a way to run its commands the way an
 * operator would: from the shell, with only JAVA_HOME set.
 */
final class Installation {
    final Path home;

    private Installation(Path home) {
        this.home = home;
    }

    /** Unpacks {@code corridor.tarball} with the system's tar into {@code dir}. */
    static Installation unpack(Path dir) throws Exception {
        Path tarball = Path.of(System.getProperty("corridor.tarball"));
        if (!Files.isRegularFile(tarball)) throw new IllegalStateException("no tarball at " + tarball);
        Result r = run(dir, Map.of(), Duration.ofSeconds(60), "tar", "-xzf", tarball.toString(), "-C", dir.toString());
        if (r.exit() != 0) throw new IllegalStateException("tar failed: " + r);
        return new Installation(dir.resolve("corridor-supervisor"));
    }

    Path bin(String name) {
        return home.resolve("bin").resolve(name);
    }

    Result supervisord(Duration timeout, String... args) throws Exception {
        return run(home, Map.of(), timeout, prepend(bin("corridor-supervisord").toString(), args));
    }

    Result ctl(Duration timeout, String... args) throws Exception {
        return run(home, Map.of(), timeout, prepend(bin("corridorctl").toString(), args));
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs a short command to completion; kills it (and fails) when it outlives the timeout. */
    static Result run(Path cwd, Map<String, String> env, Duration timeout, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(cwd.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("CORRIDOR_SUPERVISOR_CONF");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("corridor-it", ".out");
        Path err = Files.createTempFile("corridor-it", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command)
                        + "\n" + read(out) + read(err));
            }
            return new Result(p.exitValue(), read(out), read(err));
        } finally {
            killTree(p.toHandle());
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Debian's supervisorctl: the parity tests' reference client. */
    static final Path SUPERVISORCTL = Path.of("/usr/bin/supervisorctl");

    /** Debian's supervisorctl with {@code home}'s supervisord.conf (whichever server serves it), run in {@code home}. */
    static Result supervisorctl(Path home, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(SUPERVISORCTL.toString(), "-c", home.resolve("supervisord.conf").toString()));
        argv.addAll(List.of(args));
        return run(home, Map.of(), Duration.ofSeconds(60), argv.toArray(String[]::new));
    }

    interface Check {
        boolean done() throws Exception;
    }

    /** Polls a condition every 50 ms until it holds; fails after the timeout. */
    static void await(String what, Check check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    /**
     * Skips the test when what it needs is missing, except under {@code CI=true}, where the absence is a failure:
     * .ci/run exports CI=true and installs every tool the tests use, so a skip there would hide a test that never ran.
     * @param need what the test needs and where it comes from, e.g. "curl (apt-get install curl)"
     */
    static void require(boolean present, String need) {
        if ("true".equals(System.getenv("CI"))) assertThat(present).as("CI=true, and this test needs " + need).isTrue();
        Assumptions.assumeTrue(present, "needs " + need);
    }

    /**
     * Kills a process and everything it started (descendants first, so none is re-parented out of reach), then
     * waits for it to be gone: a test's clean-up of the server it launched, whether the test passed or not.
     */
    static void killTree(ProcessHandle root) {
        if (!root.isAlive()) return;
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        root.onExit().orTimeout(60, TimeUnit.SECONDS).join();
    }

    /**
     * A test's last check: kills whatever of this installation still runs (so one failure does not leak into the
     * next test), then fails naming it.
     */
    void assertNothingLeftRunning() {
        List<ProcessHandle> left = processesUsingHome();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("processes of this installation still running").isEmpty();
    }

    /**
     * Every live process whose command line or environment mentions this installation, for leak checks: the
     * supervisor's command line names it, and its children inherit SUPERVISOR_SERVER_URL naming its socket.
     */
    List<ProcessHandle> processesUsingHome() {
        List<ProcessHandle> found = new ArrayList<>();
        String marker = home.toString();
        ProcessHandle.allProcesses().forEach(h -> {
            if (h.pid() == ProcessHandle.current().pid()) return;
            if (h.info().commandLine().map(c -> c.contains(marker)).orElse(false) || environMentions(h.pid(), marker)) {
                found.add(h);
            }
        });
        return found;
    }

    private static boolean environMentions(long pid, String marker) {
        try {
            byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            return new String(env, StandardCharsets.UTF_8).contains(marker);
        } catch (IOException | SecurityException e) {
            return false; // gone, or not ours to read
        }
    }
}
