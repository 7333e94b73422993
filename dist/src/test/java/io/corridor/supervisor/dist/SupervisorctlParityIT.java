package io.corridor.supervisor.dist;

import io.corridor.supervisor.ctl.CtlRun;
import io.corridor.supervisor.ctl.SupervisordFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's supervisorctl drives supervisord and corridor-supervisord (from the built distribution) side by side:
 * same configuration, same commands in the same order, over the Unix socket and over TCP with Basic auth. Every step
 * must print the same text and exit with the same status; only pids, uptimes, dates, ports and the temp dirs are
 * normalised. The steps change state, so they run in order on two long-lived servers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupervisorctlParityIT {
    private static final String INCLUDE = "[include]\nfiles=conf.d/*.conf\n\n";
    private static final String EXTRA = "[program:extra]\ncommand=sleep 1000\nstartsecs=0\n";

    private SupervisordFixture reference;
    private SupervisordFixture ours;

    @BeforeAll
    void startBoth(@TempDir Path dir) throws Exception {
        SupervisordFixture.assumeToolsPresent();
        reference = start(dir.resolve("reference"), "/usr/bin/supervisord -n -c {conf}");
        ours = start(dir.resolve("corridor"), System.getProperty("corridor.ctl.test.server"));
    }

    private static SupervisordFixture start(Path dir, String command) throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/extra.conf"), EXTRA);
        return SupervisordFixture.start(dir, command, INCLUDE);
    }

    @AfterAll
    void stopBoth() throws Exception {
        try {
            if (reference != null) reference.close();
        } finally {
            if (ours != null) ours.close();
        }
    }

    @Order(1)
    @ParameterizedTest(name = "unix socket: {0}")
    @ValueSource(strings = {
            "status", "status sleeper", "status worker:*", "status nosuch", "avail",
            "pid", "pid sleeper", "pid all", "pid nosuch",
            "start grp:manual", "start grp:manual", "stop grp:manual", "stop grp:manual", "start grp:*",
            "stop grp:*", "start nosuch", "stop nosuch", "start sleeper", "restart sleeper", "restart worker:*",
            "restart nosuch", "status",
            "signal HUP sleeper", "signal USR1 worker:*", "signal HUP oneshot", "signal BOGUS sleeper",
            "signal HUP nosuch", "signal CONT all",
            "tail oneshot", "tail quick stderr", "tail -5 oneshot", "tail nosuch", "tail sleeper",
            "stop all", "status", "start sleeper worker:* extra", "status", "clear sleeper",
    })
    void overTheUnixSocket(String step) throws Exception {
        assertSameOnBoth(step, false);
    }

    @Order(2)
    @ParameterizedTest(name = "TCP with auth: {0}")
    @ValueSource(strings = {
            "status", "avail", "pid", "pid worker:*", "start grp:manual", "stop grp:manual", "restart sleeper",
            "signal HUP sleeper", "signal HUP oneshot", "start nosuch", "tail oneshot", "tail quick stderr",
            "reread", "update", "status",
    })
    void overTcpWithBasicAuth(String step) throws Exception {
        assertSameOnBoth(step, true);
    }

    @Order(3)
    @Test
    void rereadAndUpdateAfterEditingConfD() throws Exception {
        for (SupervisordFixture server : List.of(reference, ours)) {
            Files.writeString(server.dir.resolve("conf.d/extra.conf"), EXTRA.replace("sleep 1000", "sleep 1001"));
            Files.writeString(server.dir.resolve("conf.d/added.conf"),
                    "[program:added]\ncommand=sleep 999\nstartsecs=0\n");
        }
        for (String step : List.of("reread", "avail", "update extra", "reread", "update", "status", "update")) {
            assertSameOnBoth(step, false);
        }
        for (SupervisordFixture server : List.of(reference, ours)) {
            Files.delete(server.dir.resolve("conf.d/added.conf"));
        }
        for (String step : List.of("reread", "remove added", "stop added", "remove added", "add added",
                "add extra", "remove nosuch", "avail", "status")) {
            assertSameOnBoth(step, false);
        }
    }

    @Order(4)
    @ParameterizedTest(name = "tail -f over TCP: {0}")
    @ValueSource(booleans = {false, true})
    void tailFollowShowsTheLogAndWhatIsAppended(boolean tcp) throws Exception {
        List<String> shown = new ArrayList<>();
        for (SupervisordFixture server : List.of(reference, ours)) {
            shown.add(followUntilTwoErrLines(server, tcp));
        }
        // How many "err" lines a follower has shown depends on when it caught up with quick's log (its earlier
        // spawns and retries); what must match is the shape: the banner, then the log's lines as written.
        assertThat(collapseRepeats(shown.get(1))).isEqualTo(collapseRepeats(shown.get(0)));
        assertThat(shown.get(0)).startsWith("==> Press Ctrl-C to exit <==\n");
    }

    private static String collapseRepeats(String text) {
        return text.replaceAll("(err\n)+", "err (repeated)\n");
    }

    /** Runs {@code tail -f quick stderr}, makes quick write once more, and returns what was shown by then. */
    private static String followUntilTwoErrLines(SupervisordFixture server, boolean tcp) throws Exception {
        Path out = server.dir.resolve("follow.out");
        List<String> command = new ArrayList<>(List.of(SupervisordFixture.supervisorctl()));
        command.addAll(target(server, tcp));
        command.addAll(List.of("tail", "-f", "quick", "stderr"));
        Process follower = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            SupervisordFixture.await("tail -f to show quick's log", () -> errLines(out) > 0);
            long before = errLines(out);
            CtlRun.supervisorctl(server.dir, "-c", server.config.toString(), "start", "quick");
            SupervisordFixture.await("tail -f to show the appended line", () -> errLines(out) > before);
            return read(out);
        } finally {
            follower.destroyForcibly();
            follower.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Order(5)
    @Test
    void wrongPasswordAndShutdown() throws Exception {
        assertSameOnBoth("WRONGPASSWORD status", true);
        assertSameOnBoth("shutdown", true);
        reference.awaitExit();
        ours.awaitExit();
        // the socket file is gone with the server
        assertSameOnBoth("status", false);
        assertSameOnBoth("shutdown", false);
        assertSameOnBoth("shutdown", true);
    }

    // ------------------------------------------------------------------ comparison

    private void assertSameOnBoth(String step, boolean tcp) throws Exception {
        String command = step.replaceFirst("^WRONGPASSWORD ", "");
        boolean wrongPassword = step.startsWith("WRONGPASSWORD ");
        boolean finishOrder = STOPS_SEVERAL.matcher(command).find();
        String expected = run(reference, command, tcp, wrongPassword, finishOrder);
        String actual = run(ours, command, tcp, wrongPassword, finishOrder);
        assertThat(actual).as("supervisorctl %s%s", tcp ? "(TCP) " : "", command).isEqualTo(expected);
    }

    /**
     * A stop (or restart) of a group or of all: supervisord's {@code make_allfunc} lists a stop that its own
     * {@code reap()} already saw finish at once, the others as its 50 ms polls see them finish. Which sleep dies
     * first is up to the kernel's scheduler: once in a run `restart worker:*` printed worker_01 stopped before
     * worker_00.
     */
    private static final Pattern STOPS_SEVERAL = Pattern.compile("^(stop|restart) .*(:\\*|\\ball\\b)");

    /**
     * Lines in an order supervisord leaves to timing made comparable: each run of consecutive lines with the same
     * outcome (the text after the name, "stopped", "started", "ERROR (not running)") is sorted, nothing else moves.
     * A missing, extra or different line, or a stop listed after a start, still differs.
     */
    static String sortedWithinOutcomeRuns(String out) {
        List<String> lines = out.lines().toList();
        StringBuilder canonical = new StringBuilder();
        for (int from = 0; from < lines.size(); ) {
            int to = from + 1;
            while (to < lines.size() && outcome(lines.get(to)).equals(outcome(lines.get(from)))) to++;
            lines.subList(from, to).stream().sorted().forEach(l -> canonical.append(l).append('\n'));
            from = to;
        }
        return canonical.toString();
    }

    private static String outcome(String line) {
        return line.substring(line.lastIndexOf(": ") + 1);
    }

    @Test
    void sortedWithinOutcomeRunsStillSeesARealDifference() {
        String stopThenStart = "w:w_01: stopped\nw:w_00: stopped\nw:w_00: started\nw:w_01: started\n";
        assertThat(sortedWithinOutcomeRuns(stopThenStart))
                .isEqualTo("w:w_00: stopped\nw:w_01: stopped\nw:w_00: started\nw:w_01: started\n");
        assertThat(sortedWithinOutcomeRuns("w:w_00: stopped\nw:w_00: started\nw:w_01: stopped\nw:w_01: started\n"))
                .isNotEqualTo(sortedWithinOutcomeRuns(stopThenStart));
        assertThat(sortedWithinOutcomeRuns("w:w_00: stopped\nw:w_01: ERROR (not running)\n"))
                .isNotEqualTo(sortedWithinOutcomeRuns("w:w_01: ERROR (not running)\nw:w_00: stopped\n"));
    }

    private static String run(SupervisordFixture server, String command, boolean tcp, boolean wrongPassword,
                              boolean finishOrder) throws Exception {
        if (serverIsUp(server)) server.awaitSettled();
        List<String> args = new ArrayList<>(wrongPassword
                ? List.of("-s", server.httpUrl(), "-u", SupervisordFixture.USER, "-p", "wrong")
                : target(server, tcp));
        args.addAll(List.of(command.split(" ")));
        CtlRun r = CtlRun.supervisorctl(server.dir, args.toArray(String[]::new)).normalized();
        String out = normalize(r.out(), server);
        if (finishOrder) out = sortedWithinOutcomeRuns(out);
        return "exit " + r.exitStatus() + "\n" + out + "--- stderr\n" + normalize(r.err(), server);
    }

    private static boolean serverIsUp(SupervisordFixture server) {
        return Files.exists(server.dir.resolve("s.sock"));
    }

    private static List<String> target(SupervisordFixture server, boolean tcp) {
        return tcp ? List.of("-s", server.httpUrl(), "-u", SupervisordFixture.USER, "-p", SupervisordFixture.PASSWORD)
                : List.of("-c", server.config.toString());
    }

    /** What legitimately differs between two servers: where they run, their pids, ports and clocks. */
    private static String normalize(String text, SupervisordFixture server) {
        return text.replace(server.dir.toString(), "DIR")
                .replace(server.httpUrl(), "http://127.0.0.1:PORT")
                .replace(server.httpUrl().replace("http://", ""), "127.0.0.1:PORT")
                .replaceAll("pid \\d+", "pid N")
                .replaceAll("(?m)^\\d+$", "N")
                .replaceAll("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M", "DATE");
    }

    private static long errLines(Path file) {
        return read(file).lines().filter("err"::equals).count();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
