package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every curl example of docs/api.md, run by docs/examples.sh against the unpacked tarball. */
class DocsExamplesIT {
    @TempDir Path dir;
    private Installation inst;

    @AfterEach
    void nothingLeftRunning() {
        if (inst == null) return;
        List<ProcessHandle> left = inst.processesUsingHome();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("processes of this installation still running").isEmpty();
    }

    @Test
    void apiExamplesWork() throws Exception {
        boolean haveCurl = Files.isExecutable(Path.of("/usr/bin/curl"));
        if (!"true".equals(System.getenv("CI"))) Assumptions.assumeTrue(haveCurl, "curl is not installed");
        assertThat(haveCurl).as("curl is needed to run the documented examples").isTrue();
        inst = Installation.unpack(dir);
        Path script = Path.of(System.getProperty("corridor.docs", "../docs")).resolve("examples.sh").toAbsolutePath();
        Installation.Result r = Installation.run(dir, Map.of("TMPDIR", dir.toString()), Duration.ofMinutes(3),
                "bash", script.toString(), inst.home.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(" passed, 0 failed").doesNotContain("FAIL");
    }
}
