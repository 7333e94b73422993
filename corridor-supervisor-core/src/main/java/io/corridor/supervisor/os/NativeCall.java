package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The one downcall handle every libc call of this package goes through. FFM generates a specialised class and
 * dozens of method-handle forms per distinct function shape; the ~40 shapes the package declared one per call
 * site cost about 9 MiB of RSS and 400 generated classes at start (docs/benchmarks.md). The C calling convention
 * on x86-64 and arm64 Linux passes int, pointer and size_t arguments in the same 64-bit registers and lets a callee
 * ignore the registers it has no parameter for, so one shape, {@code long f(long, ...)} with six arguments, serves
 * every function here: pointers are passed as their {@link MemorySegment#address()}, unused arguments as 0, and a
 * result narrower than {@code long} is cast by the caller ({@code (int) r}: the upper bits are undefined). The
 * arguments after the first are declared variadic, which sets what a variadic callee ({@code fcntl}, {@code prctl},
 * {@code syscall}) needs (the vector-register count in {@code %al} on x86-64) and is ignored by the others.
 * errno is captured into a per-thread segment, so callers never read a thread-local errno the JVM may clobber.
 */
final class NativeCall {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle CALL = LINKER.downcallHandle(
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));
    /** Each thread reuses one errno capture segment: the owner and I/O threads call in tight loops. */
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private NativeCall() {}

    /** A libc function's address; a missing one fails at class initialisation with the reason. */
    static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name
                + ": corridor-supervisor needs Linux with glibc >= 2.34 (posix_spawn_file_actions_addclosefrom_np)"));
    }

    /** This thread's errno capture: pass it to {@code call}, read {@link #errno} from it right after. */
    static MemorySegment state() {
        return STATE.get();
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static long call(MemorySegment fn, MemorySegment state, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) CALL.invokeExact(fn, state, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed", t);
        }
    }

    static long call(MemorySegment fn, MemorySegment state) { return call(fn, state, 0, 0, 0, 0, 0, 0); }

    static long call(MemorySegment fn, MemorySegment state, long a) { return call(fn, state, a, 0, 0, 0, 0, 0); }

    static long call(MemorySegment fn, MemorySegment state, long a, long b) { return call(fn, state, a, b, 0, 0, 0, 0); }

    static long call(MemorySegment fn, MemorySegment state, long a, long b, long c) {
        return call(fn, state, a, b, c, 0, 0, 0);
    }

    static long call(MemorySegment fn, MemorySegment state, long a, long b, long c, long d) {
        return call(fn, state, a, b, c, d, 0, 0);
    }

    /** The address to pass for a segment argument (NULL is 0). */
    static long address(MemorySegment s) {
        return s.address();
    }
}
