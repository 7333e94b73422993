package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;

/** A command shlex cannot split fails at spawn, as in supervisord, with its message in status and the log. */
class CommandParsingTest {
    @TempDir Path dir;

    @Test
    void anUnbalancedQuoteIsCantParseCommand() {
        var p = program("broken").command("/bin/sh -c 'echo").startRetries(0);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            var info = f.awaitState("broken", ProcessState.FATAL);
            assertThat(info.spawnErr()).isEqualTo("can't parse command \"/bin/sh -c 'echo\": No closing quotation");
            assertThat(info.description()).isEqualTo("can't parse command \"/bin/sh -c 'echo\": No closing quotation");
            assertThat(f.mainLog()).contains("spawnerr: can't parse command \"/bin/sh -c 'echo\": No closing quotation");
        }
    }

    @Test
    void aBlankCommandIsCommandIsEmpty() {
        var p = program("blank").command("   ").startRetries(0);
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            assertThat(f.awaitState("blank", ProcessState.FATAL).spawnErr()).isEqualTo("command is empty");
        }
    }
}
