package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same configuration with an {@code [eventlistener:x]} pool, run by Debian's supervisord and by our
 * corridor-supervisord (from the unpacked tarball), driven by Debian's supervisorctl: {@code status} and
 * {@code avail} print the same, and a listener written with {@code supervisor.childutils} receives the same events
 * in the same order, with the same serials and payloads (pids aside).
 */
class EventListenerParityIT {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    private static final Pattern RECORD = Pattern.compile(
            "(ver:3\\.0 server:\\S+ serial:\\d+ pool:\\S+ poolserial:\\d+ eventname:\\S+ len:\\d+)\\n(.*?)\\n<<end>>\\n",
            Pattern.DOTALL);

    static final String LISTENER = """
            import sys
            from supervisor import childutils

            while True:
                childutils.listener.ready(sys.stdout)
                line = sys.stdin.readline()
                headers = childutils.get_headers(line)
                payload = sys.stdin.read(int(headers['len']))
                with open(sys.argv[1], 'a') as f:
                    f.write(line + payload + '\\n<<end>>\\n')
                childutils.listener.ok(sys.stdout)
            """;

    static final String CONFIG = """
            [supervisord]
            logfile=%(here)s/supervisord.log
            pidfile=%(here)s/supervisord.pid
            childlogdir=%(here)s
            [unix_http_server]
            file=%(here)s/s.sock
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            [supervisorctl]
            serverurl=unix://%(here)s/s.sock
            [program:alpha]
            command=/bin/sleep 1000
            [program:beta]
            command=/bin/sleep 1000
            [eventlistener:listen]
            command=/usr/bin/python3 %(here)s/listener.py %(here)s/events.out
            events=PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE,REMOTE_COMMUNICATION
            buffer_size=100
            """;

    @TempDir Path dir;
    private Installation inst;

    record Observed(List<String> status, String avail, List<String> events) {}

    @AfterEach
    void nothingLeftRunning() {
        if (inst == null) return;
        inst.assertNothingLeftRunning();
    }

    @Test
    void statusAvailAndEventsAreSupervisords() throws Exception {
        boolean present = Files.isExecutable(SUPERVISORD) && Files.isExecutable(PYTHON);
        Installation.require(present, "Debian's supervisor package (apt-get install supervisor)");
        inst = Installation.unpack(Files.createDirectories(dir.resolve("install")));

        Observed reference = observe(Files.createDirectories(dir.resolve("supervisord")), SUPERVISORD.toString());
        Observed ours = observe(Files.createDirectories(dir.resolve("corridor")),
                inst.bin("corridor-supervisord").toString());

        assertThat(ours.status()).isEqualTo(reference.status());
        assertThat(ours.avail()).isEqualTo(reference.avail());
        assertThat(ours.events()).isEqualTo(reference.events());
        assertThat(reference.events()).hasSizeGreaterThan(12); // the run saw what it was meant to
    }

    private Observed observe(Path home, String server) throws Exception {
        Files.writeString(home.resolve("listener.py"), LISTENER);
        Path conf = Files.writeString(home.resolve("supervisord.conf"), CONFIG);
        Process p = new ProcessBuilder(server, "-n", "-c", conf.toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("server.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            Installation.await(server + " to run everything", () -> {
                String s = Installation.supervisorctl(home, "status").out();
                return s.lines().count() == 3 && s.lines().allMatch(l -> l.contains(" RUNNING "));
            }, Duration.ofSeconds(60));
            Installation.await("the listener to hear that beta runs", () ->
                    read(home.resolve("events.out")).contains("processname:beta groupname:beta from_state:STARTING"),
                    Duration.ofSeconds(60));
            List<String> status = Installation.supervisorctl(home, "status").out().lines()
                    .map(l -> l.replaceAll("pid \\d+, uptime \\S+", "pid N, uptime T")).toList();
            String avail = Installation.supervisorctl(home, "avail").out();
            assertThat(Installation.supervisorctl(home, "stop", "alpha").out()).isEqualTo("alpha: stopped\n");
            assertThat(Installation.supervisorctl(home, "start", "alpha").out()).isEqualTo("alpha: started\n");
            Installation.Result sent = Installation.run(home, Map.of("SUPERVISOR_SERVER_URL", "unix://" + home.resolve("s.sock")),
                    Duration.ofSeconds(60), PYTHON.toString(), "-c", "import os; from supervisor import childutils; "
                            + "print(childutils.getRPCInterface(os.environ).supervisor.sendRemoteCommEvent('done', 'bye é'))");
            assertThat(sent.out()).as(sent.toString()).isEqualTo("True\n");
            Installation.await("the listener to get the remote event",
                    () -> read(home.resolve("events.out")).contains("type:done\nbye é"), Duration.ofSeconds(60));
            Installation.supervisorctl(home, "shutdown");
            Installation.await(server + " to exit", () -> !p.isAlive(), Duration.ofSeconds(60));
            return new Observed(status, avail, events(read(home.resolve("events.out"))));
        } finally {
            Installation.killTree(p.toHandle());
        }
    }

    /** Every event up to the remote one, pids made comparable. */
    private static List<String> events(String recorded) {
        List<String> out = new ArrayList<>();
        Matcher m = RECORD.matcher(recorded);
        while (m.find()) {
            String payload = m.group(2);
            assertThat(m.group(1)).endsWith(" len:" + payload.codePointCount(0, payload.length()));
            // pids differ between the runs, and with them the payload's length
            String event = (m.group(1).replaceAll(" len:\\d+$", " len:L") + "\n" + payload)
                    .replaceAll("pid:\\d+", "pid:N");
            out.add(event);
            if (event.contains("eventname:REMOTE_COMMUNICATION")) break;
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
