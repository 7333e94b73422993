package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.corridor.supervisor.os.NativeCall.address;
import static io.corridor.supervisor.os.NativeCall.call;
import static io.corridor.supervisor.os.NativeCall.state;
import static io.corridor.supervisor.os.NativeCall.symbol;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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
    private static final MemorySegment SIGACTION = symbol("sigaction"), SIGNAL = symbol("signal");

    private SignalDispositions() {}

    /** @return whether {@code signal} is currently ignored ({@code SIG_IGN}) */
    public static boolean isIgnored(int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(SIGACTION_SIZE, 8);
            int rc = (int) call(SIGACTION, state(), signal, 0, address(old));
            return rc == 0 && old.get(JAVA_LONG, 0) == SIG_IGN;
        }
    }

    /** Resets {@code signal} to its default action if it is ignored. @return whether it was ignored */
    public static boolean unignore(int signal) {
        if (!isIgnored(signal)) return false;
        long previous = call(SIGNAL, state(), signal, SIG_DFL);
        return previous == SIG_IGN;
    }
}
