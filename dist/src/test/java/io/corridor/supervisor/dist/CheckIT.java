package io.corridor.supervisor.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code corridor-supervisord check} from the unpacked tarball, as an operator runs it. */
class CheckIT {
    private static final Duration T = Duration.ofSeconds(60);

    @Test
    void bundledConfigurationIsFoundWithoutFlagsAndIsValid(@TempDir Path dir) throws Exception {
        Installation inst = Installation.unpack(dir);
        Installation.Result r = inst.supervisord(T, "check");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("demo-clock", "demo-workers:demo-workers_00", "demo-workers:demo-workers_01");
    }

    @Test
    void corridorRecipesPassCheckOnceUncommented(@TempDir Path dir) throws Exception {
        Installation inst = Installation.unpack(dir);
        Path recipes = inst.home.resolve("etc/conf.d/corridor.conf");
        String uncommented = Files.readString(recipes).replaceAll("(?m)^;(?=\\[|[a-z]|  )", "");
        Files.writeString(recipes, uncommented);
        Installation.Result r = inst.supervisord(T, "check", "--verbose");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("corridor-api", "corridor-worker-api", "corridor-worker-spark",
                "corridor-app", "corridor-jupyter", "C_FORCE_ROOT");
        // the continuation line is the command, as supervisord reads it
        assertThat(r.out()).contains("argv = ['bash', '-c', '/opt/corridor/venv-api/bin/corridor-api db upgrade");
    }

    @Test
    void brokenDropInIsRejectedWithFileLineAndStatus2(@TempDir Path dir) throws Exception {
        Installation inst = Installation.unpack(dir);
        Path dropIn = inst.home.resolve("etc/conf.d/broken.conf");
        Files.writeString(dropIn, "[program:broken]\ncommand=/bin/true\nautostart=maybe\n");
        Installation.Result r = inst.supervisord(T, "check");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(dropIn + ":3", "not a valid boolean value: 'maybe'");
    }

    @Test
    void tooOldJavaIsAClearError(@TempDir Path dir) throws Exception {
        Installation inst = Installation.unpack(dir);
        // A JDK 17 in JAVA_HOME and nothing else on PATH but the tools the launcher needs.
        Path jdk17 = Files.createDirectories(dir.resolve("jdk17/bin"));
        Files.writeString(dir.resolve("jdk17/release"), "JAVA_VERSION=\"17.0.15\"\n");
        Path fakeJava = Files.writeString(jdk17.resolve("java"), "#!/bin/sh\nexit 99\n");
        fakeJava.toFile().setExecutable(true);
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : new String[] {"sh", "sed", "dirname", "readlink"}) {
            Path shim = Files.writeString(tools.resolve(tool), "#!/usr/bin/sh\nexec /usr/bin/" + tool + " \"$@\"\n");
            shim.toFile().setExecutable(true);
        }
        Installation.Result r = Installation.run(inst.home,
                java.util.Map.of("JAVA_HOME", dir.resolve("jdk17").toString(), "PATH", tools.toString()),
                T, inst.bin("corridor-supervisord").toString(), "check");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("needs Java 25 or newer", dir.resolve("jdk17/bin/java").toString());
    }
}
