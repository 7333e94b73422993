package io.corridor.supervisor.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The install step, symlinked launchers, and a supervisor that refuses an invalid configuration. */
class InstallIT {
    private static final Duration T = Duration.ofSeconds(120);
    /**
     * install trains both AOT caches (training runs of the supervisor's JVM and of corridorctl's): this test's two
     * installs took 40-49 s together on the shared 2-core machine; each gets 5 minutes, not 2, for a busier one.
     */
    private static final Duration INSTALL = Duration.ofMinutes(5);

    @TempDir Path dir;

    @Test
    void installLaysOutAnInstanceAndWritesTheAotCaches() throws Exception {
        Installation inst = Installation.unpack(dir);
        Files.deleteIfExists(inst.home.resolve("lib/corridorctl.aot"));
        Files.deleteIfExists(inst.home.resolve("lib/corridor-supervisord.aot"));
        Installation.Result r = inst.supervisord(INSTALL, "install", "--instance", "blue");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(inst.home.resolve("instances/blue/logs")).isDirectory();
        assertThat(inst.home.resolve("instances/blue/pids")).isDirectory();
        assertThat(r.out()).contains("daemon start", "share/systemd/corridor-supervisor.service");
        assertThat(inst.home.resolve("lib/corridorctl.aot")).isNotEmptyFile();
        assertThat(inst.home.resolve("lib/corridor-supervisord.aot")).isNotEmptyFile();
        inst.assertNothingLeftRunning();   // the training run's JVMs included
        // repeatable
        assertThat(inst.supervisord(INSTALL, "install", "--instance", "blue").exit()).isZero();
    }

    @Test
    void launchersWorkThroughSymlinks() throws Exception {
        Installation inst = Installation.unpack(dir);
        Path bin = Files.createDirectories(dir.resolve("usr-local-bin"));
        Path link = Files.createSymbolicLink(bin.resolve("corridor-supervisord"), inst.bin("corridor-supervisord"));
        Installation.Result r = Installation.run(dir, Map.of(), T, link.toString(), "check");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("demo-clock");
        Path ctl = Files.createSymbolicLink(bin.resolve("corridorctl"), inst.bin("corridorctl"));
        Installation.Result v = Installation.run(dir, Map.of(), T, ctl.toString(), "help");
        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(v.out()).contains("default commands");

        // corridorctl resolves its own path without readlink in the common case; every other spelling must still
        // find lib/ next to bin/
        Path linkedBin = Files.createSymbolicLink(dir.resolve("linked-bin"), inst.home.resolve("bin"));
        Path home = inst.home;
        List<Installation.Result> spellings = List.of(
                Installation.run(home.resolve("bin"), Map.of(), T, "./corridorctl", "help"),
                Installation.run(home, Map.of(), T, "bin/../bin/corridorctl", "help"),
                Installation.run(home, Map.of(), T, "bin/corridorctl", "help"),
                Installation.run(dir, Map.of(), T, linkedBin.resolve("corridorctl").toString(), "help"));
        for (Installation.Result spelled : spellings) {
            assertThat(spelled.exit()).as(spelled.toString()).isZero();
            assertThat(spelled.out()).contains("default commands");
        }
    }

    @Test
    void invalidConfigurationIsRefusedWithStatus2AndNothingStarts() throws Exception {
        Installation inst = Installation.unpack(dir);
        Path dropIn = inst.home.resolve("etc/conf.d/bad.conf");
        Files.writeString(dropIn, "[program:bad name]\ncommand=sleep 1\n");
        Installation.Result r = inst.supervisord(T, "-n");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(dropIn + ":1", "Invalid name: 'bad name' because of character: ' '");
        assertThat(inst.home.resolve("instances/default/pids/supervisord.pid")).doesNotExist();
        inst.assertNothingLeftRunning();
    }
}
