package io.corridor.supervisor.ctl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection errors and usage errors, compared with supervisorctl: missing socket file, refused TCP port, bad options. */
class UnreachableServerComparisonTest {

    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        SupervisordFixture.assumeToolsPresent();
    }

    @ParameterizedTest(name = "no socket file: {0}")
    @ValueSource(strings = {"status", "status sleeper", "start x", "stop x", "restart x", "signal HUP x", "pid",
            "tail x", "maintail", "clear x", "version", "avail", "reread", "update", "add x", "remove x", "shutdown",
            "reload", "fg x"})
    void missingSocketFile(String command) throws Exception {
        compare("unix://" + dir.resolve("missing.sock"), command);
    }

    @ParameterizedTest(name = "refused: {0}")
    @ValueSource(strings = {"status", "start x", "version", "avail", "shutdown", "update"})
    void refusedTcpPort(String command) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        compare("http://127.0.0.1:" + port, command);
    }

    @ParameterizedTest(name = "usage: {0}")
    @ValueSource(strings = {"-x status", "--bogus status", "-c", "-s foo status", "-c /nonexistent.conf status",
            "-c NOCTL status"})
    void usageErrors(String argsText) throws Exception {
        Path noCtlSection = dir.resolve("noctl.conf");
        Files.writeString(noCtlSection, "[supervisord]\nlogfile=/dev/null\n");
        String[] args = argsText.replace("NOCTL", noCtlSection.toString()).split(" ");
        CtlRun reference = CtlRun.supervisorctl(dir, args).normalized();
        CtlRun ours = CtlRun.corridorctl(args).normalized();
        assertThat(ours).isEqualTo(reference);
        assertThat(ours.exitStatus()).isEqualTo(2);
    }

    private void compare(String url, String command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-s", url));
        args.addAll(List.of(command.split(" ")));
        String[] argv = args.toArray(String[]::new);
        CtlRun reference = CtlRun.supervisorctl(dir, argv).normalized();
        CtlRun ours = CtlRun.corridorctl(argv).normalized();
        assertThat(ours).as("corridorctl %s", args).isEqualTo(reference);
    }
}
