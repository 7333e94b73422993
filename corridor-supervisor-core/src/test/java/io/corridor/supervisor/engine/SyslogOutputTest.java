package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.config.LogLevel;
import io.corridor.supervisor.config.LogSpec;
import io.corridor.supervisor.config.LogTarget;
import io.corridor.supervisor.logging.MainLog;
import io.corridor.supervisor.logging.Syslog;
import io.corridor.supervisor.os.Libc;
import io.corridor.supervisor.os.UnixDatagram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stdout_syslog}/{@code stderr_syslog} and {@code logfile=syslog}: datagrams on the local syslog socket in
 * the format supervisord's Python {@code syslog.syslog} sends. The "syslog" here is a datagram socket the test binds.
 */
class SyslogOutputTest {
    @TempDir Path dir;
    private int receiver = -1;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void bindFakeSyslog() {
        Path socket = dir.resolve("log.sock");
        receiver = UnixDatagram.bind(socket);
        assertThat(receiver).as("bind " + socket).isGreaterThanOrEqualTo(0);
        System.setProperty(Syslog.SOCKET_PROPERTY, socket.toString());
    }

    @AfterEach
    void unbind() {
        System.clearProperty(Syslog.SOCKET_PROPERTY);
        if (receiver >= 0) Libc.close(receiver);
    }

    private boolean sawMessageEndingWith(String end) {
        for (byte[] d; (d = UnixDatagram.receive(receiver)) != null; ) received.add(new String(d, StandardCharsets.UTF_8));
        return received.stream().anyMatch(m -> m.endsWith(end));
    }

    @Test
    void childLinesGoToSyslogTaggedSupervisordAndPrefixedWithTheProcessName() {
        var p = program("talker", "/bin/sh", "-c", "echo first; echo second; echo oops >&2").startSecs(0)
                .autoRestart(AutoRestart.FALSE);
        p.stdout = new LogSpec(LogTarget.NONE, 0, 0, 0, false, true);
        p.stderr = new LogSpec(LogTarget.NONE, 0, 0, 0, false, true);
        try (var f = new EngineFixture(config(dir, LogLevel.INFO, false, p.asGroup()))) {
            f.awaitState("talker", ProcessState.EXITED);
            EngineFixture.await("three lines in syslog", () -> sawMessageEndingWith("supervisord: talker second")
                    && sawMessageEndingWith("supervisord: talker oops"), Duration.ofSeconds(20));
        }
        assertThat(received).anyMatch(m -> m.matches("<14>[A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d supervisord: talker first"));
    }

    @Test
    void withoutSyslogNothingIsSent() {
        var p = program("quiet", "/bin/sh", "-c", "echo hidden").startSecs(0).autoRestart(AutoRestart.FALSE);
        try (var f = new EngineFixture(config(dir, LogLevel.INFO, false, p.asGroup()))) {
            f.awaitState("quiet", ProcessState.EXITED);
        }
        assertThat(sawMessageEndingWith("hidden")).isFalse();
        assertThat(received).isEmpty();
    }

    @Test
    void theMainLogGoesToSyslogLineByLineWithItsStampAndLevel() {
        try (MainLog log = new MainLog(LogTarget.SYSLOG, 0, 0, LogLevel.INFO, null)) {
            log.warn("two\nlines");
            assertThat(log.file()).isNull();
        }
        EngineFixture.await("both lines", () -> sawMessageEndingWith(" WARN lines"), Duration.ofSeconds(20));
        assertThat(received).anyMatch(m -> m.matches("<14>.* supervisord: \\d{4}-\\d\\d-\\d\\d [\\d:,]+ WARN two"));
    }
}
