import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;

/**
 * What formatting straight into direct memory would cost, against today's heap output plus one bulk copy per chunk:
 * the stores of a json run of 500 MB of 100-byte lines (per line a 125-byte head, the 99-byte message and three
 * closing bytes) into (a) a heap array, then the chunk's output into a direct buffer in one copy (what
 * {@code FileChannel} does), (b) a direct {@code ByteBuffer} with absolute bulk puts, (c) a {@code MemorySegment}
 * with {@code MemorySegment.copy}. Thread user time per pass, four passes. See docs/benchmarks.md, "Log formats".
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m bench/DirectOutputCost.java   # the server's C1-only JIT
 * java -XX:+UseSerialGC -Xmx64m bench/DirectOutputCost.java                           # full tiered (C2)
 * </pre>
 */
public class DirectOutputCost {
    public static void main(String[] args) {
        byte[] head = new byte[125], in = new byte[64 * 1024 + 200], out = new byte[300 * 1024];
        ByteBuffer direct = ByteBuffer.allocateDirect(300 * 1024);
        MemorySegment segment = MemorySegment.ofBuffer(direct);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int pass = 0; pass < 4; pass++) {
            for (String mode : new String[] {"heap + one bulk copy", "direct ByteBuffer puts", "MemorySegment.copy"}) {
                long user0 = threads.getCurrentThreadUserTime();
                for (int chunk = 0; chunk < 7630; chunk++) {            // 500 MB in 64 KiB chunks
                    int p = 0;
                    for (int i = 0; i + 100 <= 64 * 1024; i += 100) {
                        switch (mode) {
                            case "heap + one bulk copy" -> {
                                System.arraycopy(head, 0, out, p, 125);
                                System.arraycopy(in, i, out, p + 125, 99);
                                out[p + 224] = '"';
                                out[p + 225] = '}';
                                out[p + 226] = '\n';
                            }
                            case "direct ByteBuffer puts" -> {
                                direct.put(p, head, 0, 125);
                                direct.put(p + 125, in, i, 99);
                                direct.put(p + 224, (byte) '"');
                                direct.put(p + 225, (byte) '}');
                                direct.put(p + 226, (byte) '\n');
                            }
                            default -> {
                                MemorySegment.copy(head, 0, segment, ValueLayout.JAVA_BYTE, p, 125);
                                MemorySegment.copy(in, i, segment, ValueLayout.JAVA_BYTE, p + 125, 99);
                                segment.set(ValueLayout.JAVA_BYTE, p + 224, (byte) '"');
                                segment.set(ValueLayout.JAVA_BYTE, p + 225, (byte) '}');
                                segment.set(ValueLayout.JAVA_BYTE, p + 226, (byte) '\n');
                            }
                        }
                        p += 227;
                    }
                    if (mode.startsWith("heap")) direct.put(0, out, 0, p);
                }
                System.out.printf("pass %d, %s: user %.3f s%n", pass + 1, mode, (threads.getCurrentThreadUserTime() - user0) / 1e9);
            }
        }
    }
}
