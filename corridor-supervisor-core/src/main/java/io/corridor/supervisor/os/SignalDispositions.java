package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Un-ignores signals the process inherited as ignored. A shell script that starts a program with {@code &} (or
 * {@code nohup}) hands it SIGINT (SIGHUP) as {@code SIG_IGN}, and HotSpot then silently refuses to install a
 * handler for SIGINT, SIGTERM or SIGHUP ({@code sun.misc.Signal.handle} returns without effect), so a supervisor
 * started that way would not stop on them. supervisord installs its handlers whatever it inherited; resetting an
 * ignored signal to {@code SIG_DFL} just before {@code Signal.handle} gives the same result. A signal that is not
 * ignored is left alone (it may already carry the JVM's own handler).
 */
public final class SignalDispositions {
    private static final long SIG_IGN = 1, SIG_DFL = 0;
    /** glibc x86-64/aarch64 {@code struct sigaction}: the handler first, 152 bytes in all; 256 is generous. */
    private static final long SIGACTION_SIZE = 256;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SIGACTION = LINKER.downcallHandle(
            LINKER.defaultLookup().find("sigaction").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGNAL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("signal").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG));

    private SignalDispositions() {}

    /** @return whether {@code signal} is currently ignored ({@code SIG_IGN}) */
    public static boolean isIgnored(int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(SIGACTION_SIZE, 8);
            int rc = (int) SIGACTION.invokeExact(signal, MemorySegment.NULL, old);
            return rc == 0 && old.get(JAVA_LONG, 0) == SIG_IGN;
        } catch (Throwable t) {
            throw new IllegalStateException("sigaction failed", t);
        }
    }

    /** Resets {@code signal} to its default action if it is ignored. @return whether it was ignored */
    public static boolean unignore(int signal) {
        if (!isIgnored(signal)) return false;
        try {
            long previous = (long) SIGNAL.invokeExact(signal, SIG_DFL);
            return previous == SIG_IGN;
        } catch (Throwable t) {
            throw new IllegalStateException("signal failed", t);
        }
    }
}
