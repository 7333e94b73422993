package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        if (unshare != null) Installation.killTree(unshare.toHandle());
        if (inst != null) {
            inst.assertNothingLeftRunning();
        }
    }

    @Test
    void asPid1ItReapsOrphansAndStopsInOrderOnSigterm() throws Exception {
        boolean root = "0".equals(Installation.run(dir, java.util.Map.of(), T, "id", "-u").out().strip());
        Installation.require(root, "root, for unshare --pid (.ci/run runs as root)");
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

    /**
     * The container image's configuration (share/containers/supervisord.conf, put in place as the Containerfile does)
     * as PID 1: it logs to stdout, serves /healthz and /readyz on $CORRIDOR_HTTP_PORT without credentials, refuses
     * /metrics without a token, and stops in order on the runtime's SIGTERM.
     */
    @Test
    void theContainerImageConfigurationServesProbesAsPid1() throws Exception {
        boolean root = "0".equals(Installation.run(dir, java.util.Map.of(), T, "id", "-u").out().strip());
        Installation.require(root, "root, for unshare --pid (.ci/run runs as root)");
        inst = Installation.unpack(dir);
        Files.copy(inst.home.resolve("share/containers/supervisord.conf"), inst.home.resolve("etc/supervisord.conf"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(inst.home.resolve("etc/secrets"));
        Files.writeString(inst.home.resolve("etc/secrets/tokens"), "prometheus read 0123456789abcdef0123\n");
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc",
                inst.bin("corridor-supervisord").toString(), "-n", "-c", inst.home.resolve("etc/supervisord.conf")
                .toString()).redirectOutput(dir.resolve("pid1.out").toFile()).redirectErrorStream(true);
        pb.environment().put("CORRIDOR_HTTP_PORT", Integer.toString(port));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        unshare = pb.start();
        String base = "http://127.0.0.1:" + port;
        Installation.await("ready", () -> curl(base + "/readyz").equals("200 ready: 3 of 3"), T);
        assertThat(curl(base + "/healthz")).isEqualTo("200 ok");
        assertThat(curl(base + "/metrics")).startsWith("401");
        assertThat(Files.readString(dir.resolve("pid1.out"))).contains("supervisord started with pid 1",
                "GET /metrics from 127.0.0.1:");

        ProcessHandle pid1 = waitForJvm();
        assertThat(pid1.destroy()).isTrue();
        assertThat(unshare.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("pid1.out"))).contains("received SIGTERM indicating exit request",
                "stopped: demo-clock");
        assertThat(unshare.exitValue()).isZero();
    }

    private String curl(String url) throws Exception {
        Installation.Result r = Installation.run(dir, java.util.Map.of(), T, "curl", "-s", "-w", "%{http_code} ",
                "-o", dir.resolve("body").toString(), url);
        if (r.exit() != 0) return "curl exit " + r.exit();
        return (r.out() + Files.readString(dir.resolve("body"))).strip();
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
