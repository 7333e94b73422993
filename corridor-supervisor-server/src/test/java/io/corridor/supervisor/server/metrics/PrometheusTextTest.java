package io.corridor.supervisor.server.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    @Test
    void helpAndLabelValuesAreEscapedAsTheFormatRequires() {
        String text = new PrometheusText(64)
                .family("x_total", PrometheusText.Type.COUNTER, "a \\ back\nslash \"quoted\"")
                .processSample("x_total", "g\"1", "n\\a\nme", 3)
                .toString();
        assertThat(text).isEqualTo("""
                # HELP x_total a \\\\ back\\nslash "quoted"
                # TYPE x_total counter
                x_total{group="g\\"1",name="n\\\\a\\nme"} 3.0
                """);
    }

    @Test
    void valuesAreWrittenAsPrometheusParsesThem() {
        String text = new PrometheusText(64)
                .sample("a", 0).sample("b", -2).sample("c", 0.25).sample("d", Double.NaN)
                .sample("e", Double.POSITIVE_INFINITY).sample("f", Double.NEGATIVE_INFINITY).sample("g", 1e20)
                .sample("h", 123456789012L)
                .toString();
        assertThat(text).isEqualTo("a 0.0\nb -2.0\nc 0.25\nd NaN\ne +Inf\nf -Inf\ng 1.0E20\nh 123456789012.0\n");
    }

    @Test
    void labelsAsPairsAndNone() {
        String text = new PrometheusText(64)
                .sample("x", List.of("a", "1", "b", "2"), 1).sample("y", List.of(), 2).sample("z", "state", "UP", 3)
                .toString();
        assertThat(text).isEqualTo("x{a=\"1\",b=\"2\"} 1.0\ny 2.0\nz{state=\"UP\"} 3.0\n");
    }
}
