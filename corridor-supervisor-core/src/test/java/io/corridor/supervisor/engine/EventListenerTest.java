package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.ConfigLoader;
import io.corridor.supervisor.config.SupervisorConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Real {@code [eventlistener:x]} pools whose listeners are written with Debian's {@code supervisor.childutils} (the
 * library superlance-style plugins use), run by {@code /usr/bin/python3}: what they receive, byte for byte.
 */
class EventListenerTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path CHILDUTILS = Path.of("/usr/lib/python3/dist-packages/supervisor/childutils.py");
    private static final Pattern RECORD = Pattern.compile(
            "ver:3\\.0 server:(\\S+) serial:(\\d+) pool:(\\S+) poolserial:(\\d+) eventname:(\\S+) len:(\\d+)\\n(.*?)\\n<<(OK|FAIL)>>\\n",
            Pattern.DOTALL);

    @TempDir
    Path tmp;

    record Received(String server, long serial, String pool, long poolSerial, String eventName, int len,
                    String payload, String result) {}

    @BeforeAll
    static void needsSupervisorsPythonLibrary() {
        boolean present = Files.isExecutable(PYTHON) && Files.exists(CHILDUTILS);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("Debian's supervisor package (python3 supervisor.childutils) is needed: apt-get install supervisor");
        }
        Assumptions.assumeTrue(present, "Debian's supervisor package is not installed");
    }

    @Test
    void crashmailLikeListenerHearsOfAnUnexpectedExit() throws Exception {
        try (EngineFixture f = start(recorder("crashmail", "PROCESS_STATE_EXITED") + """
                [program:crash]
                command=/bin/sh -c 'sleep 1; exit 3'
                startsecs=0
                autorestart=false
                """)) {
            List<Received> got = awaitRecords("crashmail.out", 1);
            long pid = f.firstChange("crash", c -> c.to() == ProcessState.RUNNING).pid();
            Received r = got.getFirst();
            assertThat(r.eventName()).isEqualTo("PROCESS_STATE_EXITED");
            assertThat(r.payload()).isEqualTo("processname:crash groupname:crash from_state:RUNNING expected:0 pid:" + pid);
            assertThat(r.server()).isEqualTo("supervisor");
            assertThat(r.pool()).isEqualTo("crashmail");
            assertThat(r.len()).isEqualTo(r.payload().length());
            assertThat(r.poolSerial()).isZero();
        }
    }

    @Test
    void tickEventsCarryTheStartOfTheirTimeSlice() throws Exception {
        try (EngineFixture f = start(recorder("ticks", "TICK"))) {
            Received r = awaitRecords("ticks.out", 1).getFirst();
            assertThat(r.eventName()).isEqualTo("TICK_5"); // a 60 s or 3600 s boundary is a 5 s one too, sent first
            long when = Long.parseLong(r.payload().substring("when:".length()));
            assertThat(when % 5).isZero();
            assertThat(System.currentTimeMillis() / 1000 - when).isBetween(0L, 30L);
        }
    }

    @Test
    void aRejectedEventIsDeliveredAgain() throws Exception {
        try (EngineFixture f = start(recorder("picky", "REMOTE_COMMUNICATION", "failfirst"))) {
            f.awaitState("picky", ProcessState.RUNNING);
            f.supervisor.sendRemoteCommEvent("alert", "disk full").get(10, TimeUnit.SECONDS);
            List<Received> got = awaitRecords("picky.out", 2);
            assertThat(got).extracting(Received::result).containsExactly("FAIL", "OK");
            assertThat(got.get(1).serial()).isEqualTo(got.get(0).serial());
            assertThat(got.get(1).poolSerial()).isEqualTo(got.get(0).poolSerial());
            assertThat(got).extracting(Received::payload).containsOnly("type:alert\ndisk full");
            EngineFixture.await("the rejection in the main log", () -> f.mainLog().contains("picky: event was rejected"),
                    Duration.ofSeconds(10));
            // at loglevel=debug, as supervisord: the listener's stdout as bytes, and its protocol states
            assertThat(f.mainLog()).contains("DEBG 'picky' stdout output:\nb'READY\\n'\n",
                    "DEBG picky: ACKNOWLEDGED -> READY\n", "DEBG picky: BUSY -> ACKNOWLEDGED\n");
        }
    }

    @Test
    void processLogEventsCarryEachReadOfTheOutput() throws Exception {
        try (EngineFixture f = start(recorder("logs", "PROCESS_LOG") + """
                [program:talker]
                command=/bin/sh -c 'sleep 2; echo héllo; sleep 1; echo oops >&2; sleep 3600'
                stdout_events_enabled=true
                stderr_events_enabled=true
                stdout_logfile=%(here)s/talker.log
                """)) {
            List<Received> got = awaitRecords("logs.out", 2);
            long pid = f.info("talker").pid();
            assertThat(got.get(0).eventName()).isEqualTo("PROCESS_LOG_STDOUT");
            assertThat(got.get(0).payload())
                    .isEqualTo("processname:talker groupname:talker pid:" + pid + " channel:stdout\nhéllo\n");
            assertThat(got.get(0).len()).isEqualTo(got.get(0).payload().length()); // characters, as supervisord counts
            assertThat(got.get(1).eventName()).isEqualTo("PROCESS_LOG_STDERR");
            assertThat(got.get(1).payload())
                    .isEqualTo("processname:talker groupname:talker pid:" + pid + " channel:stderr\noops\n");
            // the log is written by the I/O thread, the events go through the engine: wait for the file
            EngineFixture.await("the line in talker.log", () -> !read("talker.log").isEmpty(), Duration.ofSeconds(10));
            assertThat(read("talker.log")).isEqualTo("héllo\n");
        }
    }

    @Test
    void captureModeRaisesProcessCommunicationAndKeepsTheMessageOutOfTheLog() throws Exception {
        try (EngineFixture f = start(recorder("comm", "PROCESS_COMMUNICATION") + """
                [program:sender]
                command=%(py)s %(here)s/pcomm.py
                stdout_capture_maxbytes=1MB
                stdout_logfile=%(here)s/sender.log
                """)) {
            List<Received> got = awaitRecords("comm.out", 1);
            long pid = f.info("sender").pid();
            assertThat(got.getFirst().eventName()).isEqualTo("PROCESS_COMMUNICATION_STDOUT");
            assertThat(got.getFirst().payload())
                    .isEqualTo("processname:sender groupname:sender pid:" + pid + "\ncaptured message");
            EngineFixture.await("the text after the message in the log",
                    () -> read("sender.log").contains("after the message"), Duration.ofSeconds(10));
            assertThat(read("sender.log"))
                    .isEqualTo("before\nafter the message, long enough to pass the token length\n");
        }
    }

    @Test
    void aFullBufferDropsTheOldestEventAndSaysSo() throws Exception {
        try (EngineFixture f = start("""
                [eventlistener:slow]
                command=/bin/sh -c 'while [ ! -e %(here)s/go ]; do sleep 0.05; done; exec %(py)s %(here)s/record.py %(here)s/slow.out'
                events=REMOTE_COMMUNICATION
                buffer_size=2
                """)) {
            // the listener is not READY before the test lets it start (not a startsecs the test would have to beat
            // on a loaded machine): five events overflow a buffer of two
            for (int i = 0; i < 5; i++) f.supervisor.sendRemoteCommEvent("n", "event " + i).get(10, TimeUnit.SECONDS);
            Files.createFile(tmp.resolve("go"));
            List<Received> got = awaitRecords("slow.out", 2);
            assertThat(got).extracting(Received::payload).containsExactly("type:n\nevent 3", "type:n\nevent 4");
            assertThat(got).extracting(Received::serial).containsExactly(3L, 4L);
            assertThat(f.mainLog()).contains("ERRO pool slow event buffer overflowed, discarding event 0",
                    "ERRO pool slow event buffer overflowed, discarding event 1",
                    "ERRO pool slow event buffer overflowed, discarding event 2");
        }
    }

    @Test
    void eachEventGoesToOneReadyListenerOfThePool() throws Exception {
        try (EngineFixture f = start("""
                [eventlistener:pool]
                command=%(py)s %(here)s/record.py %(here)s/pool-%(process_num)d.out
                process_name=%(program_name)s_%(process_num)d
                numprocs=2
                events=REMOTE_COMMUNICATION
                buffer_size=50
                """)) {
            f.awaitState("pool:pool_0", ProcessState.RUNNING);
            f.awaitState("pool:pool_1", ProcessState.RUNNING);
            for (int i = 0; i < 20; i++) f.supervisor.sendRemoteCommEvent("n", "e" + i).get(10, TimeUnit.SECONDS);
            EngineFixture.await("20 deliveries", () -> records("pool-0.out").size() + records("pool-1.out").size() >= 20,
                    Duration.ofSeconds(20));
            List<Long> serials = new ArrayList<>();
            records("pool-0.out").forEach(r -> serials.add(r.serial()));
            records("pool-1.out").forEach(r -> serials.add(r.serial()));
            assertThat(serials).hasSize(20).doesNotHaveDuplicates();
        }
    }

    @Test
    void aListenerBreakingTheProtocolGoesUnknownAndGetsNothing() throws Exception {
        try (EngineFixture f = start(recorder("rude", "REMOTE_COMMUNICATION", "garbage"))) {
            EngineFixture.await("the UNKNOWN warning", () -> f.mainLog().contains("WARN rude: has entered the UNKNOWN "
                    + "state and will no longer receive events, this usually indicates the process violated the "
                    + "eventlistener protocol"), Duration.ofSeconds(20));
            f.awaitState("rude", ProcessState.RUNNING); // its process state is untouched
            f.supervisor.sendRemoteCommEvent("n", "lost").get(10, TimeUnit.SECONDS);
            assertThat(tmp.resolve("rude.out")).doesNotExist();
        }
    }

    @Test
    void aBadResultLineMakesTheListenerUnknownAndItsEventWaitsForTheNextListener() throws Exception {
        try (EngineFixture f = start(recorder("flaky", "REMOTE_COMMUNICATION", "badonce"))) {
            f.awaitState("flaky", ProcessState.RUNNING);
            f.supervisor.sendRemoteCommEvent("n", "keep me").get(10, TimeUnit.SECONDS);
            EngineFixture.await("the bad result line", () -> f.mainLog().contains("WARN flaky: bad result line: "
                    + "'RESULT OK'") && f.mainLog().contains("WARN flaky: has entered the UNKNOWN state"),
                    Duration.ofSeconds(20));
            // a new spawn starts over; the event it did not process is delivered again, with its serials
            f.supervisor.stopProcess("flaky", true).get(20, TimeUnit.SECONDS);
            f.supervisor.startProcess("flaky", true).get(20, TimeUnit.SECONDS);
            List<Received> got = awaitRecords("flaky.out", 1);
            assertThat(got.getFirst().payload()).isEqualTo("type:n\nkeep me");
            assertThat(got.getFirst().serial()).isZero();
            f.supervisor.sendRemoteCommEvent("n", "next").get(10, TimeUnit.SECONDS);
            assertThat(awaitRecords("flaky.out", 2)).extracting(Received::payload)
                    .containsExactly("type:n\nkeep me", "type:n\nnext"); // delivered once, not twice
        }
    }

    @Test
    void anEnvelopeBiggerThanThePipeArrivesWholeAtTheListenersPace() throws Exception {
        try (EngineFixture f = start(recorder("slow", "PROCESS_LOG_STDOUT", "slow") + """
                [program:big]
                command=%(py)s -c "import sys, time; time.sleep(2); sys.stdout.buffer.write(b'x' * 200000); sys.stdout.flush(); time.sleep(3600)"
                stdout_events_enabled=true
                """)) {
            // one write of 200000 bytes fills the pipe: the I/O thread reads 64 KiB at a time, so each envelope is
            // bigger than the listener's stdin pipe holds and its tail is written when the listener reads
            String header = "processname:big groupname:big pid:" + f.awaitState("big", ProcessState.RUNNING).pid()
                    + " channel:stdout\n";
            EngineFixture.await("all 200000 bytes in PROCESS_LOG events", () -> records("slow.out").stream()
                    .mapToInt(r -> r.payload().length() - header.length()).sum() == 200_000, Duration.ofSeconds(60));
            for (Received r : records("slow.out")) {
                assertThat(r.payload()).startsWith(header).matches("(?s)[^\\n]*\\nx+");
            }
        }
    }

    @Test
    void aStuckListenerNeverStallsTheEngine() throws Exception {
        try (EngineFixture f = start(recorder("stuck", "PROCESS_LOG", "stuck") + """
                buffer_size=1000
                [program:spew]
                command=/bin/sh -c 'sleep 2; head -c 3000000 /dev/zero | tr "\\\\0" x; sleep 3600'
                stdout_events_enabled=true
                stdout_logfile=%(here)s/spew.log
                [program:other]
                command=/bin/sleep 3600
                autostart=false
                """)) {
            // the listener takes one envelope it never reads, bigger than a pipe holds
            EngineFixture.await("all of spew's output in its log", () -> size("spew.log") == 3_000_000,
                    Duration.ofSeconds(30));
            f.supervisor.startProcess("other", true).get(20, TimeUnit.SECONDS);
            f.supervisor.stopProcess("other", true).get(20, TimeUnit.SECONDS);
            assertThat(f.info("stuck").state()).isEqualTo(ProcessState.RUNNING);
        }
    }

    @Test
    void listenersGetTheCredentialsOfTheServerTheyAreToldAbout() throws Exception {
        try (EngineFixture f = start("""
                [unix_http_server]
                file=%(here)s/s.sock
                username=watcher
                password=tick-tock
                [eventlistener:told]
                command=/bin/sh -c 'env > %(here)s/told.env; exec %(py)s %(here)s/record.py %(here)s/told.out'
                events=TICK_60
                [eventlistener:own]
                command=/bin/sh -c 'env > %(here)s/own.env; exec %(py)s %(here)s/record.py %(here)s/own.out'
                events=TICK_60
                environment=SUPERVISOR_PASSWORD="mine"
                [program:plain]
                command=/bin/sh -c 'env > %(here)s/plain.env; exec sleep 3600'
                """)) {
            EngineFixture.await("three environments", () -> read("plain.env").contains("SUPERVISOR_ENABLED")
                    && read("told.env").contains("SUPERVISOR_ENABLED") && read("own.env").contains("SUPERVISOR_ENABLED"),
                    Duration.ofSeconds(20));
            String url = "SUPERVISOR_SERVER_URL=unix://" + tmp.resolve("s.sock") + "\n";
            assertThat(read("told.env")).contains(url, "SUPERVISOR_USERNAME=watcher\n", "SUPERVISOR_PASSWORD=tick-tock\n");
            assertThat(read("own.env")).contains("SUPERVISOR_USERNAME=watcher\n", "SUPERVISOR_PASSWORD=mine\n");
            assertThat(read("plain.env")).contains(url).doesNotContain("SUPERVISOR_USERNAME", "SUPERVISOR_PASSWORD");
        }
    }

    @Test
    void groupsAddedAndRemovedByAnUpdateAreEvents() throws Exception {
        String sections = recorder("groups", "PROCESS_GROUP") + """
                [program:a]
                command=/bin/sleep 3600
                startsecs=0
                """;
        try (EngineFixture f = start(sections)) {
            List<Received> first = awaitRecords("groups.out", 2);
            assertThat(first).extracting(r -> r.eventName() + " " + r.payload()).containsExactly(
                    "PROCESS_GROUP_ADDED groupname:groups\n", "PROCESS_GROUP_ADDED groupname:a\n");
            Path conf = tmp.resolve("supervisord.conf");
            Files.writeString(conf, Files.readString(conf).replace("[program:a]", "[program:late]"));
            f.supervisor.update().get(30, TimeUnit.SECONDS);
            List<Received> all = awaitRecords("groups.out", 4);
            assertThat(all.subList(2, 4)).extracting(r -> r.eventName() + " " + r.payload()).containsExactly(
                    "PROCESS_GROUP_REMOVED groupname:a\n", "PROCESS_GROUP_ADDED groupname:late\n");
            assertThat(all).extracting(Received::poolSerial).containsExactly(0L, 1L, 2L, 3L);
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * An {@code [eventlistener:name]} pool of one record.py (test resources/listeners), which writes every envelope
     * it gets, and its answer, to {@code name.out}; {@code mode} is record.py's behaviour (failfirst, garbage, ...).
     */
    static String recorder(String name, String events, String mode) {
        return "[eventlistener:" + name + "]\ncommand=%(py)s %(here)s/record.py %(here)s/" + name + ".out " + mode
                + "\nevents=" + events + "\n";
    }

    /** {@link #recorder(String, String, String)} answering OK to everything. */
    static String recorder(String name, String events) {
        return recorder(name, events, "ok");
    }

    EngineFixture start(String sections) throws Exception {
        for (String script : List.of("record.py", "pcomm.py")) {
            try (InputStream in = getClass().getResourceAsStream("/listeners/" + script)) {
                Files.write(tmp.resolve(script), in.readAllBytes());
            }
        }
        String text = "[supervisord]\nlogfile=%(here)s/supervisord.log\nchildlogdir=%(here)s\nloglevel=debug\n"
                + sections.replace("%(py)s", PYTHON.toString());
        Path conf = Files.writeString(tmp.resolve("supervisord.conf"), text);
        SupervisorConfig config = ConfigLoader.load(conf, Map.of("PATH", "/usr/bin:/bin"));
        return new EngineFixture(config);
    }

    List<Received> awaitRecords(String file, int count) {
        EngineFixture.await(count + " events in " + file, () -> records(file).size() >= count, Duration.ofSeconds(30));
        return records(file);
    }

    List<Received> records(String file) {
        List<Received> out = new ArrayList<>();
        Matcher m = RECORD.matcher(read(file));
        while (m.find()) {
            out.add(new Received(m.group(1), Long.parseLong(m.group(2)), m.group(3), Long.parseLong(m.group(4)),
                    m.group(5), Integer.parseInt(m.group(6)), m.group(7), m.group(8)));
        }
        return out;
    }

    String read(String file) {
        try {
            return Files.readString(tmp.resolve(file));
        } catch (IOException e) {
            return "";
        }
    }

    long size(String file) {
        try {
            return Files.size(tmp.resolve(file));
        } catch (IOException e) {
            return -1;
        }
    }
}
