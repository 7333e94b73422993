package io.corridor.supervisor.logging;

import io.corridor.supervisor.config.LogFormat;
import io.corridor.supervisor.config.LogOptions;
import io.corridor.supervisor.config.Strftime;
import io.corridor.supervisor.config.TimeRotation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class LineFormatterTest {
    private static final Strftime STAMP = new Strftime("%F %T.%L");
    private static final long T0 = 86_400_000L + 1234;   // 1970-01-02 00:00:01.234 UTC

    @TempDir Path dir;

    private static LineFormatter formatter(LogFormat format, boolean prefix) {
        return new LineFormatter(new LogOptions(format, STAMP, prefix, TimeRotation.NEVER, false), "web:web_0",
                "web", "web_0", "stdout", ZoneOffset.UTC);
    }

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, UTF_8);
    }

    private static ByteBuffer in(String s) {
        return ByteBuffer.wrap(s.getBytes(UTF_8));
    }

    @Test
    void timestampStampsTheStartOfEachLineOnce() {
        LineFormatter f = formatter(LogFormat.TIMESTAMP, false);
        assertThat(text(f.format(in("one\ntwo\n\nthr"), T0))).isEqualTo(
                "1970-01-02 00:00:01.234 one\n1970-01-02 00:00:01.234 two\n1970-01-02 00:00:01.234 \n");
        assertThat(f.hasPending()).isTrue();
        // idle: the held beginning is written, stamped with the flush time; the rest of the line is not stamped again
        assertThat(text(f.flush(T0 + 100))).isEqualTo("1970-01-02 00:00:01.334 thr");
        assertThat(f.hasPending()).isFalse();
        assertThat(text(f.format(in("ee\nfour\n"), T0 + 200))).isEqualTo("ee\n1970-01-02 00:00:01.434 four\n");
    }

    @Test
    void prefixWithOrWithoutStamp() {
        LineFormatter plain = formatter(LogFormat.PLAIN, true);
        assertThat(text(plain.format(in("a\nb\n"), T0))).isEqualTo("[web:web_0] a\n[web:web_0] b\n");
        LineFormatter stamped = formatter(LogFormat.TIMESTAMP, true);
        assertThat(text(stamped.format(in("a\n"), T0))).isEqualTo("[web:web_0] 1970-01-02 00:00:01.234 a\n");
    }

    @Test
    void jsonLineHasEveryFieldAndEscapesControlCharacters() {
        LineFormatter f = formatter(LogFormat.JSON, false);
        f.pid(4242);
        String line = text(f.format(in("say \"hi\"\t\\ \u0001 héllo €\n"), T0));
        assertThat(line).isEqualTo("{\"time\":\"1970-01-02 00:00:01.234\",\"program\":\"web\",\"process\":\"web_0\","
                + "\"stream\":\"stdout\",\"pid\":4242,\"message\":\"say \\\"hi\\\"\\t\\\\ \\u0001 héllo €\"}\n");
        JsonLines.Entry e = JsonLines.parse(line.substring(0, line.length() - 1).getBytes(UTF_8));
        assertThat(e.text("message")).isEqualTo("say \"hi\"\t\\ \u0001 héllo €");
        assertThat(e.fields().get("pid")).isEqualTo(4242L);
        assertThat(e.partial()).isFalse();
    }

    @Test
    void invalidUtf8IsEscapedByteForByte() {
        LineFormatter f = formatter(LogFormat.JSON, false);
        // a lone continuation byte, an overlong '/', a UTF-16 surrogate encoded in UTF-8, a truncated sequence, 0xff
        byte[] bad = {'a', (byte) 0x80, (byte) 0xc0, (byte) 0xaf, (byte) 0xed, (byte) 0xa0, (byte) 0x80,
                (byte) 0xe2, (byte) 0x82, 'b', (byte) 0xff, '\n'};
        String line = text(f.format(ByteBuffer.wrap(bad), T0));
        assertThat(line).contains("\"message\":\"a\\udc80\\udcc0\\udcaf\\udced\\udca0\\udc80\\udce2\\udc82b\\udcff\"");
        assertThat(JsonLines.reassemble(JsonLines.parseAll(line.getBytes(UTF_8)))).isEqualTo(bad);
    }

    @Test
    void aMegabyteWithoutNewlineIsSplitIntoPartialPiecesAtCharacterBoundaries() {
        LineFormatter f = formatter(LogFormat.JSON, false);
        byte[] euro = "€".getBytes(UTF_8);            // 3 bytes: MAX_LINE is not a multiple, so splits fall mid-character
        byte[] input = new byte[1_000_002];
        for (int k = 0; k < input.length; k++) input[k] = euro[k % 3];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < input.length; k += 65536) {
            ByteBuffer formatted = f.format(ByteBuffer.wrap(input, k, Math.min(65536, input.length - k)), T0);
            out.write(formatted.array(), formatted.arrayOffset() + formatted.position(), formatted.remaining());
        }
        assertThat(f.hasPending()).isTrue();
        ByteBuffer last = f.flush(T0);
        out.write(last.array(), last.position(), last.remaining());
        List<JsonLines.Entry> entries = JsonLines.parseAll(out.toByteArray());
        assertThat(entries).allMatch(JsonLines.Entry::partial);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.bytes("message").length).isLessThanOrEqualTo(LineFormatter.MAX_LINE);
            assertThat(e.text("message")).matches("€+");   // no piece starts or ends inside a character
        });
        assertThat(JsonLines.reassemble(entries)).isEqualTo(input);
    }

    @Test
    void anyBytesInAnyChunksComeBackExactly() throws Exception {
        Random random = new Random(14);
        byte[] input = new byte[3_000_000];
        random.nextBytes(input);
        for (int k = 0; k < input.length; k += 1 + random.nextInt(200)) input[k] = '\n';   // lines of ~100 bytes
        for (int k = 0; k < 40_000; k++) input[500_000 + k] = 'x';                          // and one long one
        byte[] file = formatInChunks(formatter(LogFormat.JSON, false), input, random);
        assertThat(JsonLines.reassemble(JsonLines.parseAll(file))).isEqualTo(input);
        assertThat(pythonSurrogateEscapeRoundTrip(file)).isEqualTo(input);
    }

    @Test
    void theWordScansFindTheSameByteAsAByteLoop() {
        // every byte value at every position of a 17-byte window (two words and a tail) after safe bytes, then
        // random windows: the first byte JSON escapes, and the first newline
        byte[] b = new byte[17];
        for (int at = 0; at < b.length; at++) {
            for (int v = 0; v < 256; v++) {
                java.util.Arrays.fill(b, (byte) 'a');
                b[at] = (byte) v;
                assertThat(LineFormatter.firstUnsafe(b, 0, b.length)).as("byte %02x at %d", v, at)
                        .isEqualTo(naiveFirstUnsafe(b, 0, b.length));
                assertThat(LineFormatter.indexOfNewline(b, 0, b.length)).isEqualTo(naiveNewline(b, 0, b.length));
            }
        }
        Random random = new Random(8);
        byte[] alphabet = "ab \"\\\n\t\u0000".getBytes(UTF_8);
        for (int round = 0; round < 200_000; round++) {
            for (int k = 0; k < b.length; k++) {
                b[k] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            int from = random.nextInt(b.length), to = from + random.nextInt(b.length - from + 1);
            assertThat(LineFormatter.firstUnsafe(b, from, to)).isEqualTo(naiveFirstUnsafe(b, from, to));
            assertThat(LineFormatter.indexOfNewline(b, from, to)).isEqualTo(naiveNewline(b, from, to));
            assertThat(LineFormatter.keptRun(b, from, to)).isEqualTo(naiveKeptRun(b, from, to));
        }
        // every two-byte pair after safe bytes: the inline check of two-byte characters agrees with utf8Sequence
        for (int lead = 0; lead < 256; lead++) {
            for (int next = 0; next < 256; next++) {
                java.util.Arrays.fill(b, (byte) 'a');
                b[5] = (byte) lead;
                b[6] = (byte) next;
                for (int to : new int[]{6, 7, b.length}) {
                    assertThat(LineFormatter.keptRun(b, 0, to)).as("%02x %02x to %d", lead, next, to)
                            .isEqualTo(naiveKeptRun(b, 0, to));
                }
            }
        }
    }

    /** Printable ASCII but '"' and '\\', and whole well-formed UTF-8 characters, one at a time. */
    private static int naiveKeptRun(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                if (c < 0x20 || c == '"' || c == '\\') return i;
                i++;
            } else {
                int seq = LineFormatter.utf8Sequence(b, i, to);
                if (seq == 0) return i;
                i += seq;
            }
        }
        return to;
    }

    private static int naiveFirstUnsafe(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return i;
        }
        return to;
    }

    private static int naiveNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == '\n') return i;
        return to;
    }

    /** Log-like text: mostly plain ASCII lines (the bulk path), some to escape, empty, MAX_LINE long and longer. */
    private static byte[] logText(Random random, int size) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        String[] odd = {"say \"hi\"", "C:\\path", "tab\there", "héllo €", "\u0001", "cr\r"};
        while (text.size() < size) {
            switch (random.nextInt(20)) {
                case 0 -> text.writeBytes(odd[random.nextInt(odd.length)].getBytes(UTF_8));
                case 1 -> text.write(0x80 + random.nextInt(128));                        // malformed UTF-8
                case 2 -> text.writeBytes("y".repeat(LineFormatter.MAX_LINE - 1 + random.nextInt(3)).getBytes(UTF_8));
                case 3 -> { }                                                               // an empty line
                default -> text.writeBytes("x".repeat(random.nextInt(300)).getBytes(UTF_8));
            }
            text.write('\n');
        }
        return text.toByteArray();
    }

    /** Feeds {@code input} in random chunks with random idle flushes; the formatter's whole output. */
    private static byte[] formatInChunks(LineFormatter f, byte[] input, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < input.length; ) {
            int n = Math.min(1 + random.nextInt(70_000), input.length - k);
            ByteBuffer formatted = f.format(ByteBuffer.wrap(input, k, n), T0 + k);
            out.write(formatted.array(), formatted.position(), formatted.remaining());
            if (random.nextInt(10) == 0) {
                ByteBuffer idle = f.flush(T0 + k);
                out.write(idle.array(), idle.position(), idle.remaining());
            }
            k += n;
        }
        ByteBuffer last = f.flush(T0);
        out.write(last.array(), last.position(), last.remaining());
        return out.toByteArray();
    }

    @Test
    void logTextInAnyChunksComeBackExactlyAsJson() throws Exception {
        Random random = new Random(15);
        byte[] input = logText(random, 3_000_000);
        byte[] file = formatInChunks(formatter(LogFormat.JSON, false), input, random);
        assertThat(JsonLines.reassemble(JsonLines.parseAll(file))).isEqualTo(input);
        assertThat(pythonSurrogateEscapeRoundTrip(file)).isEqualTo(input);
    }

    @Test
    void logTextInAnyChunksComeBackExactlyWithStamps() {
        Random random = new Random(16);
        byte[] input = logText(random, 3_000_000);
        byte[] file = formatInChunks(formatter(LogFormat.TIMESTAMP, true), input, random);
        // every line of the file starts with "[web:web_0] " and a stamp; taking them off gives the child's bytes
        byte[] head = "[web:web_0] 1970-01-02 00:00:01.234 ".getBytes(UTF_8);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        int lines = 0;
        for (int start = 0; start < file.length; lines++) {
            assertThat(new String(file, start, head.length, UTF_8))
                    .matches("\\[web:web_0\\] 1970-01-0\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");
            int nl = naiveNewline(file, start, file.length);
            back.write(file, start + head.length, Math.min(nl + 1, file.length) - start - head.length);
            start = nl + 1;
        }
        assertThat(back.toByteArray()).isEqualTo(input);
        assertThat(lines).isEqualTo(naiveCount(input));
    }

    private static int naiveCount(byte[] b) {
        int n = 0;
        for (byte x : b) if (x == '\n') n++;
        return n;
    }

    /** An independent reader: Python's json module, with surrogateescape turning the messages back into bytes. */
    private byte[] pythonSurrogateEscapeRoundTrip(byte[] file) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("/usr/bin/python3 is required in CI");
            Assumptions.abort("no /usr/bin/python3");
        }
        Path log = Files.write(dir.resolve("log.json"), file);
        Path back = dir.resolve("back.bin");
        String script = """
                import json, sys
                out = open(sys.argv[2], 'wb')
                for line in open(sys.argv[1], 'rb'):
                    o = json.loads(line.decode('utf-8'))   # strict: a line must be UTF-8 and one JSON object
                    out.write(o['message'].encode('utf-8', 'surrogateescape'))
                    if not o.get('partial'):
                        out.write(b'\\n')
                """;
        Process p = new ProcessBuilder(python.toString(), "-c", script, log.toString(), back.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return Files.readAllBytes(back);
    }
}
