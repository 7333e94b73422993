package io.corridor.supervisor.ctl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that do not change the server's state, compared byte for byte (uptimes normalised) and by exit status
 * with the real supervisorctl against the same server. One server for the class: these commands leave it as it is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadOnlyCommandsComparisonTest {
    private Path dir;
    private SupervisordFixture server;

    @BeforeAll
    void startServer(@TempDir Path tempDir) throws Exception {
        SupervisordFixture.assumeToolsPresent();
        dir = tempDir;
        server = SupervisordFixture.start(dir);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "status", "status all", "status sleeper", "status worker:*", "status worker:", "status grp:manual",
            "status sleeper quick oneshot", "status nosuch", "status nosuch:*", "status nosuch nosuch:* sleeper",
            "status worker",
            "avail", "avail extra",
            "pid", "pid sleeper", "pid all", "pid grp:manual", "pid manual", "pid nosuch", "pid sleeper nosuch",
            "version", "version extra",
            "tail oneshot", "tail quick stderr", "tail quick STDOUT", "tail -5 oneshot", "tail -100 quick stderr",
            "tail nosuch", "tail", "tail a b c d", "tail -x quick", "tail quick foo", "tail -f nosuch",
            "maintail x", "maintail -1 -2", "maintail -x",
            "reread", "reread extra", "update", "update nosuch",
            "start", "stop", "restart", "signal", "signal HUP", "clear", "fg", "fg sleeper oneshot", "fg nosuch",
            "fg oneshot",
            "start nosuch", "start nosuch:*", "stop nosuch", "stop nosuch:*", "restart nosuch",
            "start sleeper", "start worker:*", "stop oneshot", "stop grp:*",
            "signal FOO sleeper", "signal HUP oneshot", "signal HUP nosuch", "signal HUP nosuch:*", "signal HUP grp:*",
            "signal CONT sleeper", "signal sigcont worker:*", "signal 18 all", "signal CONT grp:* sleeper",
            "clear sleeper worker:worker_00 nosuch", "clear worker:*", "clear nosuch", "add nosuch", "add sleeper", "remove nosuch", "remove sleeper",
            "shutdown extra", "reload extra", "open ftp://x",
            "help", "help status", "help start", "help stop", "help restart", "help signal", "help pid",
            "help tail", "help maintail", "help reread", "help update", "help add", "help remove", "help avail",
            "help clear", "help shutdown", "help reload", "help version", "help open", "help fg", "help quit",
            "help exit", "help help", "help nosuch",
            "foo", "quit", "exit", "",
    })
    void sameOutputAndExitStatusAsSupervisorctl(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of("-c", server.config.toString()));
        args.addAll(Command.words(command));
        assertSame(args);
    }

    @ParameterizedTest(name = "over TCP with auth: {0}")
    @ValueSource(strings = {"status", "pid all", "avail", "version", "tail oneshot", "start nosuch"})
    void sameOverTcpWithBasicAuth(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of("-s", server.httpUrl(), "-u", SupervisordFixture.USER,
                "-p", SupervisordFixture.PASSWORD));
        args.addAll(Command.words(command));
        assertSame(args);
    }

    @ParameterizedTest(name = "wrong password: {0}")
    @ValueSource(strings = {"status", "avail", "version", "shutdown"})
    void wrongPasswordIsReportedLikeSupervisorctl(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of("-s", server.httpUrl(), "-u", SupervisordFixture.USER,
                "-p", "wrong"));
        args.addAll(Command.words(command));
        CtlRun ours = assertSame(args);
        // supervisorctl retries the command once and reports the second 401 as an unhandled ProtocolError
        assertThat(ours.out()).isEqualTo("Server requires authentication\nerror: <class 'xmlrpc.client.ProtocolError'>, "
                + "<ProtocolError for 127.0.0.1/RPC2: 401 Unauthorized>\n");
        assertThat(ours.exitStatus()).isEqualTo(1);
    }

    @ParameterizedTest(name = "interactive: {0}")
    @ValueSource(strings = {"", "status sleeper\nfoo\n\nversion\n", "help\nquit\nstatus\n", "pid nosuch\nexit\n"})
    void sameInteractiveSession(String typed) throws Exception {
        CtlRun reference = CtlRun.supervisorctlWithInput(dir, typed, "-c", server.config.toString()).normalized();
        CtlRun ours = CtlRun.corridorctl(typed, java.util.Map.of(), "-c", server.config.toString()).normalized();
        assertThat(ours).isEqualTo(withCorridorCommands(reference));
        assertThat(ours.exitStatus()).isZero();
    }

    /**
     * corridor's own commands follow supervisorctl's list in {@code help} in a section of their own, as a
     * supervisorctl plugin's would: the expected output is supervisorctl's with that section after its list.
     */
    private static CtlRun withCorridorCommands(CtlRun reference) {
        String out = reference.out();
        int list = out.indexOf("default commands (type help <topic>):\n");
        if (list < 0) return reference;
        int end = out.indexOf("\n\n", list) + 2;
        var table = io.corridor.supervisor.ctl.command.CommandTable.standard();
        // a handful of names: columnized they fit one row, two spaces apart
        String names = String.join("  ", table.names().stream().filter(n -> table.find(n).extension()).toList());
        String section = "\ncorridor commands (type help <topic>):\n" + "=".repeat(38) + "\n" + names + "\n\n";
        return new CtlRun(reference.exitStatus(), out.substring(0, end) + section + out.substring(end), reference.err());
    }

    private CtlRun assertSame(List<String> args) throws Exception {
        String[] argv = args.toArray(String[]::new);
        CtlRun reference = CtlRun.supervisorctl(dir, argv).normalized();
        reference = withCorridorCommands(reference);
        CtlRun ours = CtlRun.corridorctl(argv).normalized();
        assertThat(ours).as("corridorctl %s", args).isEqualTo(reference);
        return ours;
    }

    /** Python's str.split(), for building argv from a case's text. */
    private static final class Command {
        static List<String> words(String text) {
            return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
        }
    }
}
