package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every curl example of docs/api.md, run by docs/examples.sh against the unpacked tarball. */
class DocsExamplesIT {
    @TempDir Path dir;
    private Installation inst;

    @AfterEach
    void nothingLeftRunning() {
        if (inst == null) return;
        inst.assertNothingLeftRunning();
    }

    @Test
    void apiExamplesWork() throws Exception {
        boolean haveCurl = Files.isExecutable(Path.of("/usr/bin/curl"));
        Installation.require(haveCurl, "curl, to run the documented examples (apt-get install curl)");
        inst = Installation.unpack(dir);
        Path script = Path.of(System.getProperty("corridor.docs", "../docs")).resolve("examples.sh").toAbsolutePath();
        Installation.Result r = Installation.run(dir, Map.of("TMPDIR", dir.toString()), Duration.ofMinutes(3),
                "bash", script.toString(), inst.home.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(" passed, 0 failed").doesNotContain("FAIL");
    }
}
