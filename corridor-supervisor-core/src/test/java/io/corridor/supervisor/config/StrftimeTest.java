package io.corridor.supervisor.config;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrftimeTest {
    private static final long T = 1_764_650_277_123L;   // 2025-12-02T04:37:57.123Z, a Tuesday

    @Test
    void defaultIsIso8601WithMillisecondsAndOffset() {
        assertThat(Strftime.ISO_8601_MILLIS.format(T, ZoneOffset.UTC)).isEqualTo("2025-12-02T04:37:57.123+00:00");
        assertThat(Strftime.ISO_8601_MILLIS.format(T, ZoneId.of("Asia/Kolkata")))
                .isEqualTo("2025-12-02T10:07:57.123+05:30");
    }

    @Test
    void fields() {
        assertThat(new Strftime("%y/%m/%d %e %I%p %j %a %A %b %B %u %w %z %s %f %% %T").format(T, ZoneOffset.UTC))
                .isEqualTo("25/12/02  2 04AM 336 Tue Tuesday Dec December 2 2 +0000 1764650277 123000 % 04:37:57");
    }

    @Test
    void unknownFieldsAreRefused() {
        assertThatThrownBy(() -> new Strftime("%Y-%q")).hasMessageContaining("unknown field '%q'");
        assertThatThrownBy(() -> new Strftime("%H:%")).hasMessageContaining("'%' at the end");
    }
}
