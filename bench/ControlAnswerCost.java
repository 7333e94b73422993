import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.config.ConfigLoader;
import io.corridor.supervisor.config.SupervisorConfig;
import io.corridor.supervisor.server.xmlrpc.XmlRpcWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The server's own CPU for the parts of the heavy control answers with 1000 programs (docs/benchmarks.md, "Control
 * plane under a busy engine"), in-process with the server's JIT flags: the reread parse of the ini
 * (ConfigLoader.load), getAllConfigInfo's structs, their XML-RPC encoding, and telling a re-read config from the
 * one in force (what a kept getAllConfigInfo answer costs). Thread CPU per call; the first
 * ROUNDS/2 rounds (compiling) are left out of min and median.
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+UseCompactObjectHeaders \
 *   -cp corridor-supervisor-core/target/classes:corridor-supervisor-server/target/classes:NETTY_JARS \
 *   bench/ControlAnswerCost.java [parse|structs|encode|equals]...
 * </pre>
 */
public class ControlAnswerCost {
    static final int PROGRAMS = 1000, ROUNDS = Integer.getInteger("rounds", 40);

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("answer-cost");
        Path ini = dir.resolve("supervisord.conf");
        Files.writeString(ini, """
                [unix_http_server]
                file=%1$s/s.sock

                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s

                [program:busy]
                command=sleep 100000
                process_name=%%(program_name)s_%%(process_num)04d
                numprocs=%2$d
                startsecs=1
                autostart=false
                """.formatted(dir, PROGRAMS));
        SupervisorConfig config = ConfigLoader.load(ini);
        Class<?> structs = Class.forName("io.corridor.supervisor.server.xmlrpc.ConfigInfoStructs");
        Method all = structs.getDeclaredMethod("all", SupervisorConfig.class, List.class);
        all.setAccessible(true);
        List<ProcessInfo> processes = List.of();
        Object value = all.invoke(null, config, processes);
        List<String> which = args.length == 0 ? List.of("parse", "structs", "encode") : Arrays.asList(args);
        for (String w : which) {
            Callable<Object> call = switch (w) {
                case "parse" -> () -> ConfigLoader.load(ini);
                case "structs" -> () -> all.invoke(null, config, processes);
                case "equals" -> {
                    SupervisorConfig again = ConfigLoader.load(ini);
                    yield () -> { if (!again.groups().equals(config.groups())) throw new AssertionError(); return null; };
                }
                case "encode" -> () -> {
                    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(1 << 20);
                    try {
                        XmlRpcWriter.response(out, value);
                        return out.writerIndex();
                    } finally {
                        out.release();
                    }
                };
                default -> throw new IllegalArgumentException(w);
            };
            report(w, call);
        }
    }

    static void report(String what, Callable<Object> call) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] ms = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = threads.getCurrentThreadCpuTime();
            call.call();
            ms[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        double[] warm = Arrays.copyOfRange(ms, ROUNDS / 2, ROUNDS);
        Arrays.sort(warm);
        System.out.printf("%-8s first %.1f ms, warm min %.1f median %.1f max %.1f ms of CPU%n", what, ms[0], warm[0],
                warm[warm.length / 2], warm[warm.length - 1]);
    }
}
