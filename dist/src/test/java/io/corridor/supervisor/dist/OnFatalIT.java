package io.corridor.supervisor.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** on_fatal=exit:N from the built distribution: the launcher's exit status after the ordered stop. */
class OnFatalIT {
    @Test
    void aFatalProgramWithExitNStopsEverythingThenExitsN(@TempDir Path dir) throws Exception {
        Installation inst = Installation.unpack(dir);
        Files.writeString(inst.home.resolve("etc/conf.d/fatal.conf"), """
                [program:bystander]
                command=sleep 1000
                startsecs=0
                priority=10

                [program:doomed]
                command=/bin/sh -c "sleep 0.2; exit 1"
                startsecs=10
                startretries=1
                priority=20
                on_fatal=exit:3
                """);
        Installation.Result r = inst.supervisord(Duration.ofSeconds(90), "-n");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).contains("gave up: doomed entered FATAL state")
                .contains("doomed is FATAL and has on_fatal=exit:3: stopping everything, then exiting with 3")
                .contains("stopped: bystander (terminated by SIGTERM)");
        int fatal = r.out().indexOf("gave up: doomed");
        assertThat(r.out().indexOf("stopped: bystander")).isGreaterThan(fatal);
    }
}
