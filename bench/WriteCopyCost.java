import io.corridor.supervisor.config.LogFormat;
import io.corridor.supervisor.config.LogOptions;
import io.corridor.supervisor.config.Strftime;
import io.corridor.supervisor.config.TimeRotation;
import io.corridor.supervisor.logging.LineFormatter;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * What {@code FileChannel}'s copy of a heap buffer into a temporary direct buffer costs a formatted log: 500 MB of
 * 100-byte lines in 64 KiB direct chunks through a {@link LineFormatter}, its heap output written (a) through a
 * {@code FileChannel}, as {@code RotatingFile} does, or (b) with write(2) on the heap array itself through an FFM
 * downcall linked {@code Linker.Option.critical(true)} (no copy). One file, no rotation; thread CPU of each round,
 * median of rounds 2-6. See docs/benchmarks.md, "Log formats".
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+UseCompactObjectHeaders -Xmx64m -Xmn4m \
 *   --enable-native-access=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED \
 *   -cp corridor-supervisor-core/target/classes bench/WriteCopyCost.java channel|critical [json|timestamp] [FILE]
 * </pre>
 */
public class WriteCopyCost {
    static final long TOTAL = 500_000_000L;
    static final int CHUNK = 64 * 1024, ROUNDS = 6;

    public static void main(String[] args) throws Throwable {
        boolean critical = args[0].equals("critical");
        LogFormat format = args.length > 1 && args[1].equals("timestamp") ? LogFormat.TIMESTAMP : LogFormat.JSON;
        Path path = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir") + "/write-copy-cost.log");
        Linker linker = Linker.nativeLinker();
        MethodHandle write = linker.downcallHandle(linker.defaultLookup().find("write").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                Linker.Option.critical(true));
        byte[] line = new byte[100];
        Arrays.fill(line, (byte) 'x');
        line[99] = '\n';
        int period = 100 * CHUNK;
        byte[] stream = new byte[period + CHUNK];
        for (int i = 0; i < stream.length; i++) stream[i] = line[i % 100];
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        LineFormatter formatter = new LineFormatter(new LogOptions(format, Strftime.ISO_8601_MILLIS, false,
                TimeRotation.NEVER, false), "p", "p", "p", "stdout", ZoneId.systemDefault());
        formatter.pid(12345);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] user = new double[ROUNDS], system = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            Files.deleteIfExists(path);
            try (FileOutputStream file = new FileOutputStream(path.toFile(), true)) {
                FileChannel channel = file.getChannel();
                int fd = fd(file.getFD());
                long user0 = threads.getCurrentThreadUserTime(), cpu0 = threads.getCurrentThreadCpuTime();
                for (long done = 0; done < TOTAL; ) {
                    int n = (int) Math.min(CHUNK, TOTAL - done);
                    chunk.clear();
                    chunk.put(stream, (int) (done % period), n).flip();
                    ByteBuffer out = formatter.format(chunk, System.currentTimeMillis());
                    if (critical) {
                        MemorySegment heap = MemorySegment.ofArray(out.array());
                        for (long off = out.position(), left = out.remaining(); left > 0; ) {
                            long k = (long) write.invokeExact(fd, heap.asSlice(off, left), left);
                            if (k < 0) throw new IllegalStateException("write failed");
                            off += k;
                            left -= k;
                        }
                    } else {
                        while (out.hasRemaining()) channel.write(out);
                    }
                    done += n;
                }
                user[round] = (threads.getCurrentThreadUserTime() - user0) / 1e9;
                system[round] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 - user[round];
            }
        }
        Files.deleteIfExists(path);
        System.out.printf("%s %s: user median %.3f s (min %.3f), system median %.3f s (rounds 2-%d)%n",
                critical ? "critical write(2)" : "FileChannel", format, median(user), min(user), median(system), ROUNDS);
    }

    static int fd(FileDescriptor descriptor) throws ReflectiveOperationException {
        var field = FileDescriptor.class.getDeclaredField("fd");
        field.setAccessible(true);
        return field.getInt(descriptor);
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
