package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code corridor-supervisord -n} as PID 1 of a new PID namespace, as in a container: it reaps a grandchild its
 * program orphaned, and a SIGTERM from outside stops its programs in order before it exits. Needs root (CI runs as
 * root) for {@code unshare --pid}.
 */
class ContainerPid1IT {
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir Path dir;
    private Installation inst;
    private Process unshare;

    @AfterEach
    void cleanUp() throws Exception {
        if (unshare != null && unshare.isAlive()) {
            unshare.descendants().forEach(ProcessHandle::destroyForcibly);
            unshare.destroyForcibly();
            unshare.waitFor();
        }
        if (inst != null) {
            List<ProcessHandle> left = inst.processesUsingHome();
            left.forEach(ProcessHandle::destroyForcibly);
            assertThat(left).as("processes of this installation still running").isEmpty();
        }
    }

    @Test
    void asPid1ItReapsOrphansAndStopsInOrderOnSigterm() throws Exception {
        boolean root = "0".equals(Installation.run(dir, java.util.Map.of(), T, "id", "-u").out().strip());
        if (!"true".equals(System.getenv("CI"))) Assumptions.assumeTrue(root, "needs root for unshare --pid");
        assertThat(root).as("CI runs as root").isTrue();
        inst = Installation.unpack(dir);
        Path conf = inst.home.resolve("etc/conf.d/orphans.conf");
        // The parent exits at once, orphaning a sleep that PID 1 must reap when it ends.
        Files.writeString(conf, "[program:orphaner]\ncommand=/bin/sh -c 'sleep 1 & exit 0'\nstartsecs=0\n"
                + "autorestart=false\n");
        Path log = inst.home.resolve("instances/default/logs/supervisord.log");
        unshare = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc",
                inst.bin("corridor-supervisord").toString(), "-n")
                .redirectOutput(dir.resolve("pid1.out").toFile()).redirectErrorStream(true).start();

        Installation.await("orphan reaped by PID 1", () -> Files.exists(log)
                && Files.readString(log).contains("reaped unknown pid"), T);
        assertThat(Files.readString(dir.resolve("pid1.out"))).contains("supervisord started with pid 1");

        // SIGTERM from outside the namespace, as a container runtime sends it, to the JVM that is PID 1 inside.
        ProcessHandle pid1 = waitForJvm();
        assertThat(pid1.destroy()).isTrue();
        assertThat(unshare.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log);
        assertThat(text).contains("received SIGTERM indicating exit request", "stopped: demo-clock");
        assertThat(unshare.exitValue()).isZero();
    }

    private ProcessHandle waitForJvm() throws Exception {
        long deadline = System.nanoTime() + T.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> jvm = unshare.descendants()
                    .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
            if (jvm.isPresent()) return jvm.get();
            Thread.sleep(50);
        }
        throw new AssertionError("no JVM under unshare");
    }
}
