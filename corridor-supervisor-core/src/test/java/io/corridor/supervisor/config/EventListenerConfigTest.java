package io.corridor.supervisor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code [eventlistener:x]}: pool keys, supervisord's defaults, its error messages at file:line. */
class EventListenerConfigTest {
    @TempDir
    Path tmp;

    private SupervisorConfig load(String text) throws Exception {
        Path conf = Files.writeString(tmp.resolve("supervisord.conf"), text);
        return ConfigLoader.load(conf, new LoadContext(Map.of("HOME", "/root"), "node", tmp, tmp));
    }

    @Test
    void aPoolIsAGroupOfListenerProcessesWithSupervisordsDefaults() throws Exception {
        SupervisorConfig config = load("""
                [supervisord]
                [program:a]
                command=/bin/true
                [eventlistener:mon]
                command=/bin/cat
                process_name=%(program_name)s_%(process_num)d
                numprocs=2
                events=process_state_exited, TICK_60
                """);

        GroupSpec pool = config.groups().stream().filter(GroupSpec::isEventListenerPool).findFirst().orElseThrow();
        assertThat(pool.name()).isEqualTo("mon");
        assertThat(pool.priority()).isEqualTo(-1);
        assertThat(pool.processes()).extracting(ProcessSpec::namespec).containsExactly("mon:mon_0", "mon:mon_1");
        assertThat(pool.processes().getFirst().priority()).isEqualTo(999);
        EventPoolSpec spec = pool.eventPool().orElseThrow();
        assertThat(spec.events()).isEqualTo(Set.of(EventType.PROCESS_STATE_EXITED, EventType.TICK_60));
        assertThat(spec.bufferSize()).isEqualTo(10);
        assertThat(spec.resultHandler()).isEqualTo("supervisor.dispatchers:default_handler");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void umbrellaTypesReceiveTheirSubtypes() {
        EventPoolSpec all = new EventPoolSpec(Set.of(EventType.EVENT), 10, EventPoolSpec.DEFAULT_RESULT_HANDLER);
        EventPoolSpec states = new EventPoolSpec(Set.of(EventType.PROCESS_STATE), 10,
                EventPoolSpec.DEFAULT_RESULT_HANDLER);
        for (EventType t : EventType.values()) assertThat(all.subscribes(t)).isTrue();
        assertThat(states.subscribes(EventType.PROCESS_STATE_FATAL)).isTrue();
        assertThat(states.subscribes(EventType.TICK_5)).isFalse();
        assertThat(EventType.TICK_3600.isA(EventType.TICK)).isTrue();
        assertThat(EventType.PROCESS_LOG_STDERR.isA(EventType.PROCESS_COMMUNICATION)).isFalse();
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertError("events=TICK_5\nbuffer_size=0", 5, "[eventlistener:x] section sets invalid buffer_size (0)");
        assertError("events=", 4, "[eventlistener:x] section requires an \"events\" line");
        assertError("events=TICK_5,NOPE", 4, "Unknown event type NOPE in [eventlistener:x] events");
        // supervisord has no such subscribable type: EVENT_REJECTED is internal to it
        assertError("events=EVENT_REJECTED", 4, "Unknown event type EVENT_REJECTED in [eventlistener:x] events");
        assertError("events=TICK_5\nredirect_stderr=true", 5, "[eventlistener:x] section sets redirect_stderr=true "
                + "but this is not allowed because it will interfere with the eventlistener protocol");
        assertError("events=TICK_5\nresult_handler=superlance.x:handler", 5,
                "superlance.x:handler cannot be resolved within [eventlistener:x] (a Python result handler cannot "
                        + "run here; only supervisor.dispatchers:default_handler is available)");
    }

    @Test
    void theDefaultResultHandlerMayBeNamedAndStdoutCaptureIsIgnoredLoudly() throws Exception {
        SupervisorConfig config = load("""
                [supervisord]
                [eventlistener:x]
                command=/bin/cat
                events=TICK_5
                result_handler=supervisor.dispatchers:default_handler
                stdout_capture_maxbytes=1MB
                stderr_capture_maxbytes=1MB
                """);
        assertThat(config.warnings()).containsExactly(new ConfigWarning(tmp.resolve("supervisord.conf"), 6,
                "For [eventlistener:x], stdout_capture_maxbytes is ignored: a listener's stdout carries the "
                        + "eventlistener protocol (supervisord ignores it too)"));
        assertThat(config.groups().getFirst().processes().getFirst().stderr().captureMaxBytes())
                .isEqualTo(1024 * 1024);
    }

    @Test
    void checkListsThePoolsEvents() throws Exception {
        Path conf = Files.writeString(tmp.resolve("supervisord.conf"), """
                [supervisord]
                [eventlistener:mon]
                command=/bin/cat
                events=TICK_60,PROCESS_STATE
                """);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = CheckCommand.run(new String[] {"check", "-c", conf.toString()}, new java.io.PrintStream(out, true),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new ConfigLocator(Map.of(),
                        java.util.Optional.empty()), new LoadContext(Map.of(), "n", tmp, tmp));
        assertThat(status).isZero();
        assertThat(out.toString()).isEqualTo(String.format("%-33s", "mon") + "group=mon priority=999 autostart=true "
                + "events=PROCESS_STATE,TICK_60 buffer_size=10 command=/bin/cat\n");
    }

    private void assertError(String keys, int line, String message) {
        assertThatThrownBy(() -> load("[supervisord]\n[eventlistener:x]\ncommand=/bin/cat\n" + keys + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problem()).isEqualTo(message);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.file()).isEqualTo(tmp.resolve("supervisord.conf"));
                });
    }
}
