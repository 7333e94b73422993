import io.corridor.supervisor.config.LogFormat;
import io.corridor.supervisor.config.LogOptions;
import io.corridor.supervisor.config.Strftime;
import io.corridor.supervisor.config.TimeRotation;
import io.corridor.supervisor.logging.LineFormatter;
import io.corridor.supervisor.logging.RotatingFile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * The log formatter's own CPU, in-process, with the server's JIT flags: 500 MB of 100-byte lines in 64 KiB chunks cut
 * anywhere (as pipe reads are), through a LineFormatter, optionally into a 50 MiB x 40 RotatingFile; thread CPU time
 * of each round (the first, which compiles, is left out of min and median). See bench/README.md.
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+UseCompactObjectHeaders -Xmx64m -Xmn4m \
 *   -cp corridor-supervisor-core/target/classes bench/FormatterCost.java plain|timestamp|json [write] [copies=F] [text=T]
 * </pre>
 * {@code text=ж} makes the lines of that text (repeated, UTF-8) instead of 'x'. {@code copies=F} replaces the formatter by its copies alone: the chunk into a heap array, then F times its bytes into
 * the output in bulk (with the FileChannel's copy to a direct buffer when writing: what this formatter design cannot skip
 * cheaply, docs/benchmarks.md "Log formats").
 */
public class FormatterCost {
    static final long TOTAL = 500_000_000L;
    static final int CHUNK = 64 * 1024, ROUNDS = 6;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        boolean write = Arrays.asList(args).contains("write");
        double copies = Arrays.stream(args).filter(a -> a.startsWith("copies=")).mapToDouble(a -> Double.parseDouble(a.substring(7)))
                .findFirst().orElse(0);
        String text = Arrays.stream(args).filter(a -> a.startsWith("text=")).map(a -> a.substring(5)).findFirst().orElse("x");
        byte[] line = line(text);
        int period = 100 * CHUNK;
        byte[] stream = new byte[period + CHUNK];
        for (int i = 0; i < stream.length; i++) stream[i] = line[i % 100];
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        LogFormat format = switch (mode) {
            case "json" -> LogFormat.JSON;
            case "timestamp" -> LogFormat.TIMESTAMP;
            default -> LogFormat.PLAIN;
        };
        LineFormatter formatter = format == LogFormat.PLAIN ? null : new LineFormatter(
                new LogOptions(format, Strftime.ISO_8601_MILLIS, false, TimeRotation.NEVER, false),
                "fmt_" + mode, "fmt_" + mode, "fmt_" + mode, "stdout", ZoneId.systemDefault());
        if (formatter != null) formatter.pid(12345);
        byte[] in = new byte[CHUNK], out = new byte[(int) (CHUNK * Math.max(copies, 1)) + 1];
        Path dir = Files.createTempDirectory("formatter-cost");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] user = new double[ROUNDS], system = new double[ROUNDS];
        long produced = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                RotatingFile file = write ? new RotatingFile(dir.resolve("x.log"), 50L << 20, 40) : null;
                long user0 = threads.getCurrentThreadUserTime(), cpu0 = threads.getCurrentThreadCpuTime();
                produced = 0;
                for (long done = 0; done < TOTAL; ) {
                    int n = (int) Math.min(CHUNK, TOTAL - done);
                    chunk.clear();
                    chunk.put(stream, (int) (done % period), n).flip();
                    ByteBuffer formatted;
                    if (copies > 0) {
                        chunk.get(in, 0, n);
                        int length = (int) (n * copies);
                        for (int q = 0; q < length; q += n) System.arraycopy(in, 0, out, q, Math.min(n, length - q));
                        formatted = ByteBuffer.wrap(out, 0, length);
                    } else {
                        formatted = formatter == null ? chunk : formatter.format(chunk, System.currentTimeMillis());
                    }
                    produced += formatted.remaining();
                    if (file != null) file.write(formatted);
                    done += n;
                }
                user[round] = (threads.getCurrentThreadUserTime() - user0) / 1e9;
                system[round] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 - user[round];
                if (file != null) file.close();
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) Files.delete(p);
                }
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        System.out.printf("%s%s%s: %d bytes out; user min %.3f median %.3f s, system median %.3f s (rounds 2-%d)%n",
                mode, write ? "+write" : "", copies > 0 ? " (copies=" + copies + ")" : "", produced,
                min(user), median(user), median(system), ROUNDS);
    }

    /** 100 bytes: {@code text} (UTF-8) repeated as often as it fits in 99, 'x' up to 99, a newline. */
    static byte[] line(String text) {
        byte[] unit = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] line = new byte[100];
        int n = 0;
        while (n + unit.length <= 99) {
            System.arraycopy(unit, 0, line, n, unit.length);
            n += unit.length;
        }
        Arrays.fill(line, n, 99, (byte) 'x');
        line[99] = '\n';
        return line;
    }

    static double min(double[] v) {
        return Arrays.stream(v, 1, v.length).min().orElseThrow();
    }

    static double median(double[] v) {
        double[] s = Arrays.copyOfRange(v, 1, v.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
