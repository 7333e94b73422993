package io.corridor.supervisor.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnsiStripperTest {
    /** Inputs and outputs of supervisord 4.2.5's {@code dispatchers.stripEscapes}, ESC written as {@code ^}. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "^[31mred^[0m plain     | red plain",
            "a^b                    | a^b",
            "^^[1mX                 | ^X",
            "x^[?25ly               | xy",
            "x^[2~y m z             | x z",
            "^[                     | \"\"",
            "abc^                   | abc^",
            "[m^[1;2H!              | [m!",
            "^]0;title\u0007rest    | ^]0;title\u0007rest",
    })
    void stripsLikeSupervisord(String input, String expected) {
        String in = input.strip().replace('^', '\u001b');
        String want = expected.replace('^', '\u001b');
        assertThat(stripWhole(in.getBytes(StandardCharsets.UTF_8))).isEqualTo(want);
    }

    @Test
    void aSequenceSplitAtAnyPointIsStillRemoved() {
        byte[] input = "a\u001b[1;31mb\u001b\u001b[0mc\u001bd\u001b[Ke\u001b".getBytes(StandardCharsets.UTF_8);
        String whole = stripWhole(input);
        assertThat(whole).isEqualTo("ab\u001bc\u001bde\u001b");
        for (int cut = 0; cut <= input.length; cut++) {
            AnsiStripper stripper = new AnsiStripper();
            ByteBuffer out = ByteBuffer.allocate(input.length + 2);
            stripper.strip(ByteBuffer.wrap(input, 0, cut), out);
            stripper.strip(ByteBuffer.wrap(input, cut, input.length - cut), out);
            stripper.finish(out);
            assertThat(text(out)).as("cut at %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void randomChunkingOfRandomTextGivesTheOneShotResult() {
        SplittableRandom random = new SplittableRandom(42);
        byte[] alphabet = "\u001b[[m1;Hx \n".getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[200_000];
        for (int i = 0; i < input.length; i++) {
            input[i] = alphabet[random.nextInt(alphabet.length)];
        }
        String whole = stripWhole(input);
        AnsiStripper stripper = new AnsiStripper();
        ByteBuffer out = ByteBuffer.allocate(input.length + 1);
        ByteBuffer src = ByteBuffer.wrap(input);
        while (src.hasRemaining()) {
            ByteBuffer chunk = src.slice().limit(Math.min(src.remaining(), 1 + random.nextInt(300)));
            stripper.strip(chunk, out);
            assertThat(chunk.hasRemaining()).isFalse();
            src.position(src.position() + chunk.limit());
        }
        stripper.finish(out);
        assertThat(HexFormat.of().formatHex(text(out).getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(HexFormat.of().formatHex(whole.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(whole.length()).isLessThan(input.length);
    }

    @Test
    void worksOnDirectBuffersAndLeavesTheRestOfDstAlone() {
        ByteBuffer src = ByteBuffer.allocateDirect(16).put("\u001b[1mhi".getBytes(StandardCharsets.US_ASCII)).flip();
        ByteBuffer dst = ByteBuffer.allocateDirect(32).put((byte) '>');
        new AnsiStripper().strip(src, dst);
        assertThat(dst.position()).isEqualTo(3);
        assertThat(text(dst)).isEqualTo(">hi");
    }

    @Test
    void refusesADestinationWithoutRoomForAHeldBackEscape() {
        ByteBuffer src = ByteBuffer.wrap(new byte[] {'a', 'b'});
        assertThatThrownBy(() -> new AnsiStripper().strip(src, ByteBuffer.allocate(2)))
                .isInstanceOf(BufferOverflowException.class);
        assertThat(src.position()).isZero();
    }

    private static String stripWhole(byte[] input) {
        AnsiStripper stripper = new AnsiStripper();
        ByteBuffer out = ByteBuffer.allocate(input.length + 1);
        stripper.strip(ByteBuffer.wrap(input), out);
        stripper.finish(out);
        return text(out);
    }

    private static String text(ByteBuffer written) {
        ByteBuffer view = written.duplicate().flip();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
