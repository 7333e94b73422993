package io.corridor.supervisor.config;

import io.corridor.supervisor.config.ReadinessSpec.HealthAction;
import io.corridor.supervisor.config.ReadinessSpec.HealthCheck;
import io.corridor.supervisor.config.ReadinessSpec.ReadyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Corridor's [program:x] extensions: every key read as documented, every bad value refused at its file:line. */
class CorridorKeysTest {
    @TempDir Path dir;

    private SupervisorConfig load(String programs) throws IOException, ConfigException {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\n" + programs);
        return ConfigLoader.load(conf, java.util.Map.of("PATH", "/usr/bin:/bin"));
    }

    private ProcessSpec only(SupervisorConfig c, String name) {
        return c.groups().stream().flatMap(g -> g.processes().stream()).filter(p -> p.name().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        SupervisorConfig c = load("""
                [program:db]
                command=sleep 100
                ready_check=tcp:127.0.0.1:5432
                [program:api]
                command=sleep 100
                depends_on = db
                ready_check=http://127.0.0.1:8080/health
                ready_timeout=90
                health_check=exec:curl -fsS http://127.0.0.1:8080/health
                health_interval=2.5
                health_timeout=1
                health_retries=2
                health_action=stop
                backoff=exponential
                backoff_max=30
                startretries=infinite
                fatal_retry_after=600
                min_restart_interval=0.5
                on_fatal=exit:3
                environment_file=%(here)s/api.env, -/etc/corridor/optional.env
                [program:worker]
                command=sleep 100
                depends_on=api, db:*
                ready_check=notify
                health_check=watchdog
                [program:s6]
                command=sleep 100
                ready_check=fd:3
                on_fatal=shutdown
                """);
        ProcessSpec api = only(c, "api");
        assertThat(api.readiness().dependsOn()).containsExactly("db");
        assertThat(api.readiness().readyCheck()).isEqualTo(new ReadyCheck.Polled(new Probe.Http(URI.create("http://127.0.0.1:8080/health"))));
        assertThat(api.readiness().readyTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(api.readiness().health().check()).isEqualTo(new HealthCheck.Polled(new Probe.Exec("curl -fsS http://127.0.0.1:8080/health")));
        assertThat(api.readiness().health().interval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(api.readiness().health().timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(api.readiness().health().retries()).isEqualTo(2);
        assertThat(api.readiness().health().action()).isEqualTo(HealthAction.STOP);
        assertThat(api.startRetries()).isEqualTo(Integer.MAX_VALUE);
        assertThat(api.restartPolicy()).isEqualTo(new RestartPolicy(RestartPolicy.Backoff.EXPONENTIAL,
                Duration.ofSeconds(30), Duration.ofSeconds(600), Duration.ofMillis(500), new RestartPolicy.OnFatal.Exit(3)));
        assertThat(api.environmentFiles()).containsExactly(new EnvironmentFile(dir.toAbsolutePath().resolve("api.env"), false),
                new EnvironmentFile(Path.of("/etc/corridor/optional.env"), true));
        assertThat(only(c, "db").readiness().readyCheck()).isEqualTo(new ReadyCheck.Polled(new Probe.Tcp("127.0.0.1", 5432)));
        assertThat(only(c, "worker").readiness().readyCheck()).isEqualTo(new ReadyCheck.Notify());
        assertThat(only(c, "worker").readiness().usesNotify()).isTrue();
        assertThat(only(c, "s6").readiness().readyCheck()).isEqualTo(new ReadyCheck.Fd(3));
        assertThat(only(c, "s6").restartPolicy().onFatal()).isEqualTo(new RestartPolicy.OnFatal.Shutdown());
        assertThat(new Dependencies(c.groups()).of(only(c, "worker"))).containsExactly("api", "db");
    }

    @Test
    void defaultsAreSupervisordsBehaviour() throws Exception {
        ProcessSpec p = only(load("[program:x]\ncommand=sleep 1\n"), "x");
        assertThat(p.readiness()).isEqualTo(ReadinessSpec.DEFAULT);
        assertThat(p.restartPolicy()).isEqualTo(RestartPolicy.DEFAULT);
        assertThat(p.environmentFiles()).isEmpty();
        assertThat(RestartPolicy.DEFAULT.backoffDelay(3)).isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ready_check=systemd | ready_check",
            "ready_check=fd:2 | ready_check",
            "ready_check=tcp:localhost | ready_check",
            "ready_check=tcp:localhost:99999 | ready_check",
            "ready_check=https://x/ | ready_check",
            "ready_check=exec: | ready_check",
            "ready_timeout=-1 | ready_timeout",
            "health_check=notify | health_check",
            "health_check=exec:true\\nhealth_interval=0 | health_interval",
            "health_check=exec:true\\nhealth_retries=0 | health_retries",
            "health_check=exec:true\\nhealth_action=reboot | health_action",
            "health_interval=5 | health_interval",
            "backoff=fibonacci | backoff",
            "backoff_max=soon | backoff_max",
            "startretries=forever | startretries",
            "fatal_retry_after=-3 | fatal_retry_after",
            "min_restart_interval=x | min_restart_interval",
            "on_fatal=exit:256 | on_fatal",
            "on_fatal=panic | on_fatal",
            "environment_file=relative.env | environment_file",
            "depends_on=nosuch | depends_on",
            "depends_on=a:b:c | depends_on",
    })
    void badValuesAreRefusedAtTheirLine(String lines, String key) {
        String body = "[program:x]\ncommand=sleep 1\n" + lines.replace("\\n", "\n") + "\n";
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(body));
        assertThat(e).as(lines).isNotNull();
        assertThat(e.key()).isEqualTo(key);
        String[] bodyLines = ("[supervisord]\nlogfile=x\n" + body).split("\n");
        int expected = List.of(bodyLines).indexOf(List.of(bodyLines).stream().filter(l -> l.startsWith(key + "="))
                .findFirst().orElseThrow()) + 1;
        assertThat(e.line()).as(e.getMessage()).isEqualTo(expected);
        assertThat(e.file().getFileName().toString()).isEqualTo("supervisord.conf");
    }

    @Test
    void aDependencyCycleIsRefusedWithItsPath() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                [program:a]
                command=sleep 1
                depends_on=b
                [program:b]
                command=sleep 1
                depends_on=c
                [program:c]
                command=sleep 1
                depends_on=a
                """));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("depends_on makes a cycle: a -> b -> c -> a");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.key()).isEqualTo("depends_on");
    }

    @Test
    void aProgramCannotDependOnItself() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load("[program:a]\ncommand=sleep 1\ndepends_on=a\n"));
        assertThat(e.getMessage()).contains("cycle: a -> a");
    }

    @Test
    void exponentialBackoffDoublesUpToItsCap() {
        RestartPolicy p = new RestartPolicy(RestartPolicy.Backoff.EXPONENTIAL, Duration.ofSeconds(10), Duration.ZERO,
                Duration.ofSeconds(1), new RestartPolicy.OnFatal.Ignore());
        assertThat(List.of(1, 2, 3, 4, 5, 100).stream().map(p::backoffDelay).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 10L, 10L);
    }
}
