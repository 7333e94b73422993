package io.corridor.supervisor.engine;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class OutputTailTest {
    @Test
    void keepsTheLastLinesAcrossWrapAround() {
        OutputTail t = new OutputTail();
        assertThat(t.lines(5)).isEmpty();
        for (int i = 0; i < 1000; i++) {
            ByteBuffer b = ByteBuffer.wrap(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
            t.append(b);
            assertThat(b.remaining()).as("the log still gets the bytes").isPositive();
        }
        t.append(ByteBuffer.wrap("partial".getBytes(StandardCharsets.UTF_8)));
        assertThat(t.lines(3)).containsExactly("line 998", "line 999", "partial");
        t.append(ByteBuffer.wrap(("x".repeat(10_000) + "\nlast\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(t.lines(2)).as("a line cut by the ring is dropped").containsExactly("last");
        t.clear();
        assertThat(t.lines(2)).isEmpty();
        t.append(ByteBuffer.allocate(0));
        assertThat(t.lines(2)).isEmpty();
        t.append(ByteBuffer.wrap("again\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(t.lines(2)).containsExactly("again");
    }
}
