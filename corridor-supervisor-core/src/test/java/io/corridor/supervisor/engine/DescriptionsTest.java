package io.corridor.supervisor.engine;

import io.corridor.supervisor.Namespec;
import io.corridor.supervisor.ProcessState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DescriptionsTest {
    @Test
    void uptimeIsPythonsTimedelta() {
        assertThat(Descriptions.uptime(8)).isEqualTo("0:00:08");
        assertThat(Descriptions.uptime(3600 * 26 + 3 * 60 + 4)).isEqualTo("1 day, 2:03:04");
        assertThat(Descriptions.uptime(86400 * 3)).isEqualTo("3 days, 0:00:00");
    }

    @Test
    void descriptionsPerState() {
        assertThat(Descriptions.describe(ProcessState.RUNNING, 42, 100, 0, 108, null, "x")).isEqualTo("pid 42, uptime 0:00:08");
        assertThat(Descriptions.describe(ProcessState.STOPPED, 0, 0, 0, 5, null, "x")).isEqualTo("Not started");
        assertThat(Descriptions.describe(ProcessState.FATAL, 0, 1, 2, 5, null, "x")).isEqualTo("unknown error (try \"tail x\")");
        assertThat(Descriptions.describe(ProcessState.BACKOFF, 0, 1, 2, 5, "boom", "x")).isEqualTo("boom");
        assertThat(Descriptions.describe(ProcessState.STARTING, 0, 1, 2, 5, null, "x")).isEmpty();
    }

    @Test
    void namespecs() {
        assertThat(Namespec.parse("a")).isEqualTo(new Namespec("a", "a"));
        assertThat(Namespec.parse("g:p")).isEqualTo(new Namespec("g", "p"));
        assertThat(Namespec.parse("g:*").wholeGroup()).isTrue();
        assertThat(Namespec.parse("g:").wholeGroup()).isTrue();
    }
}
