package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code corridorctl history} from the tarball: a crashing program's exits in order with their status and last
 * output, and a program stopped by hand says so in {@code history} and in {@code status --json}, also after the
 * supervisor was stopped and started again.
 */
class HistoryIT {
    private static final Duration T = Duration.ofSeconds(90);

    @TempDir Path dir;
    private Installation inst;

    @AfterEach
    void nothingLeftRunning() throws Exception {
        if (inst == null) return;
        inst.supervisord(T, "daemon", "stop");
        inst.assertNothingLeftRunning();
    }

    @Test
    void historyListsCrashesInOrderAndAStopByHandSurvivesARestart() throws Exception {
        inst = Installation.unpack(dir);
        Files.writeString(inst.home.resolve("etc/conf.d/history.conf"), """
                [program:crasher]
                command=/bin/sh -c "echo boom from $$; exit 3"
                startsecs=0
                autorestart=true
                startretries=100

                [program:keeper]
                command=sleep 100000
                startsecs=0
                """);
        assertThat(inst.supervisord(T, "daemon", "start").exit()).isZero();

        // three crashes (autorestart spaces them about 1 s apart): newest first or last, but in time order
        Installation.await("three exits of crasher", () -> exitPids(inst.ctl(T, "history", "crasher").out()).size() >= 3, T);
        Installation.Result text = inst.ctl(T, "history", "crasher");
        assertThat(text.exit()).as(text.toString()).isZero();
        List<Long> pids = exitPids(text.out());
        assertThat(text.out()).contains("exit status 3").contains("| boom from " + pids.getFirst());
        Installation.Result json = inst.ctl(T, "--json", "history", "crasher");
        assertThat(json.out()).contains("\"name\":\"crasher\"", "\"exitCode\":3", "\"stoppedByHand\":0");

        // stopped by hand: history and status --json say so, and it stays stopped across a supervisor restart
        assertThat(inst.ctl(T, "stop", "keeper").out()).isEqualTo("keeper: stopped\n");
        assertThat(inst.ctl(T, "history", "keeper").out()).contains("keeper was stopped by hand at");
        assertThat(stoppedByHand(inst.ctl(T, "--json", "status", "keeper").out())).isPositive();
        assertThat(inst.supervisord(T, "daemon", "stop").exit()).isZero();
        assertThat(inst.supervisord(T, "daemon", "start").exit()).isZero();
        Installation.await("crasher running again", () -> inst.ctl(T, "history", "crasher").exit() == 0, T);
        assertThat(inst.ctl(T, "status", "keeper").out()).contains("STOPPED");
        assertThat(inst.ctl(T, "history", "keeper").out()).contains("keeper was stopped by hand at");
    }

    /** The pids of the exit lines ("... pid N"), in the order printed. */
    private static List<Long> exitPids(String history) {
        Matcher m = Pattern.compile("  pid (\\d+)$", Pattern.MULTILINE).matcher(history);
        java.util.ArrayList<Long> pids = new java.util.ArrayList<>();
        while (m.find()) pids.add(Long.parseLong(m.group(1)));
        return pids;
    }

    private static long stoppedByHand(String statusJson) {
        Matcher m = Pattern.compile("\"stoppedByHand\":(\\d+)").matcher(statusJson);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
