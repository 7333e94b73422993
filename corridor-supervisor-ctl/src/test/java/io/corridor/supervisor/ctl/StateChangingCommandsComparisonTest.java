package io.corridor.supervisor.ctl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that change the server's state. Each test gets its own server; before each client's turn a setup
 * command (run with supervisorctl) puts the server back into the state the command expects, so both clients
 * face the same situation.
 */
class StateChangingCommandsComparisonTest {
    @TempDir
    Path dir;
    private SupervisordFixture server;

    @BeforeEach
    void startServer() throws Exception {
        SupervisordFixture.assumeToolsPresent();
        server = SupervisordFixture.start(dir);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // No case starts `oneshot` (startsecs=0, exits at once): supervisord itself answers "started" or
    // "abnormal termination" depending on whether the child is still alive when it checks.
    @ParameterizedTest(name = "{1} (after {0})")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            stop sleeper            | start sleeper
            stop grp:*              | start grp:*
            -                       | start quick
            start worker:* sleeper  | stop worker:* sleeper
            start all               | stop all
            -                       | restart sleeper worker:*
            -                       | clear all
            add grp                 | remove grp
            remove grp              | add grp
            """)
    void sameOutputAndExitStatusAsSupervisorctl(String setup, String command) throws Exception {
        CtlRun reference = runAfterSetup(setup, () -> CtlRun.supervisorctl(dir, argv(command)));
        CtlRun ours = runAfterSetup(setup, () -> CtlRun.corridorctl(argv(command)));
        if (command.endsWith(" all") || command.contains(":*")) {
            // supervisord lists group results in the order the processes finished (seen with `restart sleeper
            // worker:*`: worker_01 before worker_00 in one run of three): compare them as sets
            reference = sortedLines(reference);
            ours = sortedLines(ours);
        }
        assertThat(ours.normalized()).as(command).isEqualTo(reference.normalized());
    }

    private static CtlRun sortedLines(CtlRun run) {
        return new CtlRun(run.exitStatus(), run.out().lines().sorted().map(l -> l + "\n")
                .collect(java.util.stream.Collectors.joining()), run.err());
    }

    @Test
    void rereadAndUpdateAfterEditingTheConfig() throws Exception {
        String base = server.baseConfig();
        String edited = base.replace("numprocs=2", "numprocs=3")
                .replace("[program:oneshot]", "[program:newprog]")
                .replace("echo hello from oneshot", "echo hello from newprog");
        server.writeConfig(edited);
        for (String command : List.of("reread", "update nosuch")) {
            CtlRun reference = CtlRun.supervisorctl(dir, argv(command));
            CtlRun ours = CtlRun.corridorctl(argv(command));
            assertThat(ours.normalized()).as(command).isEqualTo(reference.normalized());
        }
        assertThat(CtlRun.corridorctl(argv("reread")).out())
                .isEqualTo("newprog: available\noneshot: disappeared\nworker: changed\n");

        CtlRun reference = CtlRun.supervisorctl(dir, argv("update"));
        server.writeConfig(base);
        CtlRun.supervisorctl(dir, argv("update"));
        server.awaitSettled();
        server.writeConfig(edited);
        CtlRun ours = CtlRun.corridorctl(argv("update"));
        assertThat(ours.normalized()).isEqualTo(reference.normalized());
        assertThat(ours.out()).isEqualTo("oneshot: stopped\noneshot: removed process group\nworker: stopped\n"
                + "worker: updated process group\nnewprog: added process group\n");
        assertThat(CtlRun.corridorctl(argv("update")).out()).isEmpty();
    }

    @Test
    void reloadRestartsTheServer() throws Exception {
        CtlRun reference = CtlRun.supervisorctl(dir, argv("reload"));
        server.awaitSettled();
        CtlRun ours = CtlRun.corridorctl(argv("reload"));
        server.awaitSettled();
        assertThat(ours).isEqualTo(reference);
        assertThat(ours.out()).isEqualTo("Restarted supervisord\n");
    }

    @Test
    void shutdownStopsTheServerAndThenReportsItGone() throws Exception {
        CtlRun reference = CtlRun.supervisorctl(dir, argv("shutdown"));
        server.awaitExit();
        CtlRun referenceGone = CtlRun.supervisorctl(dir, argv("shutdown"));
        server.startServer();
        CtlRun ours = CtlRun.corridorctl(argv("shutdown"));
        server.awaitExit();
        CtlRun oursGone = CtlRun.corridorctl(argv("shutdown"));
        assertThat(ours).isEqualTo(reference);
        assertThat(ours.out()).isEqualTo("Shut down\n");
        assertThat(oursGone.normalized()).isEqualTo(referenceGone.normalized());
        assertThat(oursGone.exitStatus()).isEqualTo(1);
    }

    private interface Run {
        CtlRun get() throws Exception;
    }

    private CtlRun runAfterSetup(String setup, Run run) throws Exception {
        if (setup != null) {
            CtlRun.supervisorctl(dir, argv(setup));
        }
        server.awaitSettled();
        return run.get();
    }

    private String[] argv(String command) {
        List<String> args = new ArrayList<>(List.of("-c", server.config.toString()));
        args.addAll(List.of(command.strip().split("\\s+")));
        return args.toArray(String[]::new);
    }
}
