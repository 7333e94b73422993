package io.corridor.supervisor.server.reliability;

import io.corridor.supervisor.server.RawHttp;
import io.corridor.supervisor.embed.SupervisorBuilder;
import io.corridor.supervisor.reliability.Proc;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.config.ConfigLoader;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.Signals;
import io.corridor.supervisor.server.ControlServer;
import io.corridor.supervisor.server.ServerOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real engine behind the real control server on a Unix socket, in this JVM, configured from an ini file.
 * close() kills, by pid and process group, every child the engine ever reported, then stops server and engine.
 */
final class LiveServer implements AutoCloseable {
    final Path dir;
    final Path socket;
    final Supervisor engine;
    final ControlServer server;
    private final MainLog mainLog;
    private final Set<Long> seenPids = ConcurrentHashMap.newKeySet();

    LiveServer(Path dir, String programs) throws Exception {
        this.dir = dir;
        this.socket = dir.resolve("s.sock");
        Path ini = dir.resolve("supervisord.conf");
        Files.writeString(ini, """
                [unix_http_server]
                file=%1$s/s.sock

                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                loglevel=info

                """.formatted(dir) + programs);
        SupervisorConfig config = ConfigLoader.load(ini);
        this.mainLog = new MainLog(config.supervisord().logfile(), 0, 0, config.supervisord().logLevel(), null);
        this.engine = SupervisorBuilder.of(config).mainLog(mainLog).build();
        engine.subscribe(c -> { if (c.pid() > 0) seenPids.add(c.pid()); });
        this.server = ControlServer.start(config, engine, ServerOptions.defaults(), mainLog::log);
        engine.start();
    }

    RawHttp client() throws IOException { return RawHttp.unix(socket); }

    String mainLogText() throws IOException { return Files.readString(dir.resolve("supervisord.log")); }

    @Override
    public void close() {
        try {
            for (ProcessInfo i : engine.processes()) if (i.pid() > 0) seenPids.add(i.pid());
        } catch (RuntimeException ignored) {
            // already gone
        }
        // an unreaped child keeps its pid (no reuse) and leads its own process group
        for (long pid : seenPids) {
            if (Proc.ppid(pid) == Proc.SELF) {
                Libc.kill((int) -pid, Signals.SIGKILL);
                Libc.kill((int) pid, Signals.SIGKILL);
            }
        }
        server.close();
        engine.close();
        mainLog.close();
    }
}
