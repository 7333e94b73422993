package io.corridor.supervisor.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A memmon-like listener (superlance's pattern: on TICK events, read every process over XML-RPC and restart the one
 * it watches) against the installed corridor-supervisord: it finds the server through SUPERVISOR_SERVER_URL, here
 * the TCP server with a password given through {@code environment=}, and its restart really happens.
 */
class EventListenerCallbackIT {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path CHILDUTILS = Path.of("/usr/lib/python3/dist-packages/supervisor/childutils.py");

    static final String MEMMON = """
            import os
            import sys
            from supervisor import childutils

            rpc = childutils.getRPCInterface(os.environ)
            done = False
            while True:
                headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
                if not done and headers['eventname'] == 'TICK_5':
                    infos = rpc.supervisor.getAllProcessInfo()
                    hog = [i for i in infos if i['name'] == 'hog'][0]
                    rpc.supervisor.stopProcess('hog')
                    rpc.supervisor.startProcess('hog')
                    with open(sys.argv[1], 'a') as f:
                        f.write('%s restarted hog (pid %d), saw %s\\n' % (payload, hog['pid'],
                                ' '.join(sorted(i['name'] for i in infos))))
                    done = True
                childutils.listener.ok(sys.stdout)
            """;

    @TempDir Path dir;
    private Installation inst;

    @AfterEach
    void nothingLeftRunning() {
        if (inst == null) return;
        inst.assertNothingLeftRunning();
    }

    @Test
    void aTickListenerCallsBackOverXmlRpcAndRestartsAProgram() throws Exception {
        boolean present = Files.isExecutable(PYTHON) && Files.exists(CHILDUTILS);
        Installation.require(present, "Debian's supervisor package (apt-get install supervisor)");
        inst = Installation.unpack(Files.createDirectories(dir.resolve("install")));
        Path home = Files.createDirectories(dir.resolve("run"));
        Files.writeString(home.resolve("memmon.py"), MEMMON);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = Files.writeString(home.resolve("supervisord.conf"), """
                [supervisord]
                logfile=%(here)s/supervisord.log
                pidfile=%(here)s/supervisord.pid
                childlogdir=%(here)s
                [unix_http_server]
                file=%(here)s/s.sock
                [inet_http_server]
                port=127.0.0.1:PORT
                username=watcher
                password=tick-tock
                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
                [supervisorctl]
                serverurl=unix://%(here)s/s.sock
                [program:hog]
                command=/bin/sleep 1000
                [eventlistener:memmon]
                command=/usr/bin/python3 %(here)s/memmon.py %(here)s/memmon.out
                events=TICK_5
                serverurl=http://127.0.0.1:PORT
                environment=SUPERVISOR_USERNAME="watcher",SUPERVISOR_PASSWORD="tick-tock"
                """.replace("PORT", Integer.toString(port)));
        Process p = new ProcessBuilder(inst.bin("corridor-supervisord").toString(), "-n", "-c", conf.toString())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("server.out").toFile())
                .start();
        try {
            Installation.await("memmon to restart hog", () -> read(home.resolve("memmon.out")).contains("restarted"),
                    Duration.ofSeconds(60));
            String line = read(home.resolve("memmon.out"));
            assertThat(line).matches("when:\\d+ restarted hog \\(pid \\d+\\), saw hog memmon\\n");
            Installation.await("hog's second spawn", () -> spawns(home).size() == 2, Duration.ofSeconds(60));
            List<String> pids = spawns(home);
            assertThat(line).contains("(pid " + pids.get(0) + ")");
            assertThat(pids.get(1)).isNotEqualTo(pids.get(0));
            assertThat(read(home.resolve("supervisord.log"))).contains("stopped: hog (terminated by SIGTERM)");
            Installation.await("hog to run again", () -> status(home).contains("RUNNING"), Duration.ofSeconds(60));
            Installation.supervisorctl(home, "shutdown");
            Installation.await("the server to exit", () -> !p.isAlive(), Duration.ofSeconds(60));
        } finally {
            Installation.killTree(p.toHandle());
        }
    }

    /** The pids hog was spawned with, from the main log. */
    private static List<String> spawns(Path home) {
        return read(home.resolve("supervisord.log")).lines().filter(l -> l.contains("spawned: 'hog' with pid "))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
    }

    private static String status(Path home) throws Exception {
        return Installation.supervisorctl(home, "status", "hog").out();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
