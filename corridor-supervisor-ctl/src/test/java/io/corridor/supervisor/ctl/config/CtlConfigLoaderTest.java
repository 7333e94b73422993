package io.corridor.supervisor.ctl.config;

import io.corridor.supervisor.config.CtlSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CtlConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSupervisorctlSectionWithExpansionsAndComments() throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, """
                [DEFAULT]
                prompt = fromdefault
                [supervisorctl]
                serverurl = unix://%(here)s/run/../s.sock ; the socket
                username=%(ENV_CTL_USER)s
                password:pa;ss
                [program:x]
                command=sleep 1
                """);
        CtlSettings settings = loader(Map.of("CTL_USER", "bob"), null).load(conf.toString());
        assertThat(settings.serverUrl()).isEqualTo("unix://" + dir.resolve("s.sock"));
        assertThat(settings.username()).contains("bob");
        assertThat(settings.password()).contains("pa;ss");
        assertThat(settings.prompt()).isEqualTo("fromdefault");
    }

    @Test
    void aFoundFileMustHaveTheSection() throws Exception {
        Path conf = dir.resolve("other.conf");
        Files.writeString(conf, "[supervisord]\n");
        assertThatThrownBy(() -> loader(Map.of(), null).load(conf.toString()))
                .hasMessage(".ini file does not include supervisorctl section");
        assertThatThrownBy(() -> loader(Map.of(), null).load(dir.resolve("missing.conf").toString()))
                .hasMessageStartingWith("could not find config file");
    }

    @Test
    void discoveryPrefersTheEnvironmentVariableThenCorridorHome() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/supervisord.conf"), "[supervisorctl]\nserverurl=http://home:1\n");
        Path fromEnv = dir.resolve("env.conf");
        Files.writeString(fromEnv, "[supervisorctl]\nserverurl=http://env:2\n");

        assertThat(loader(Map.of("CORRIDOR_SUPERVISOR_CONF", fromEnv.toString()), home.toString()).load(null)
                .serverUrl()).isEqualTo("http://env:2");
        assertThat(loader(Map.of(), home.toString()).load(null).serverUrl()).isEqualTo("http://home:1");
    }

    @Test
    void unknownExpansionIsAnError() throws Exception {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisorctl]\nserverurl=unix://%(ENV_NOPE)s/s.sock\n");
        assertThatThrownBy(() -> loader(Map.of(), null).load(conf.toString()))
                .hasMessageContaining("contains names ('ENV_NOPE') which cannot be expanded");
    }

    private static CtlConfigLoader loader(Map<String, String> env, String home) {
        return new CtlConfigLoader(env, home);
    }

}
