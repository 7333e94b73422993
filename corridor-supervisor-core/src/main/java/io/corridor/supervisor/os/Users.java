package io.corridor.supervisor.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * passwd look-ups through libc ({@code getpwnam}/{@code getpwuid}), so NSS sources (LDAP, sssd) answer as they do
 * for supervisord's {@code pwd} module, not just {@code /etc/passwd}.
 */
public final class Users {
    private static final MemorySegment GETPWNAM = NativeCall.symbol("getpwnam"),
            GETPWUID = NativeCall.symbol("getpwuid"), GETEUID = NativeCall.symbol("geteuid"),
            GETGRNAM = NativeCall.symbol("getgrnam"), GETGRGID = NativeCall.symbol("getgrgid");
    /** getpwnam/getpwuid return a pointer into one static buffer: callers must not interleave. */
    private static final Object PASSWD_BUFFER = new Object();

    // struct passwd on LP64 Linux: name, passwd, uid(u32), gid(u32), gecos, dir, shell
    private static final long PW_NAME = 0, PW_UID = 16, PW_GID = 20, PW_DIR = 32, PW_SHELL = 40, PW_SIZE = 48;

    private Users() {}

    /** Looks up a user by name, or by numeric uid when {@code nameOrUid} is all digits (as supervisord does). */
    public static Optional<UserInfo> lookup(String nameOrUid) {
        if (nameOrUid == null || nameOrUid.isEmpty()) return Optional.empty();
        synchronized (PASSWD_BUFFER) {
            try (Arena arena = Arena.ofConfined()) {
                long pw;
                if (nameOrUid.chars().allMatch(Character::isDigit)) {
                    pw = NativeCall.call(GETPWUID, NativeCall.state(), Integer.parseUnsignedInt(nameOrUid) & 0xffffffffL);
                } else {
                    pw = NativeCall.call(GETPWNAM, NativeCall.state(), NativeCall.address(arena.allocateFrom(nameOrUid)));
                }
                if (pw == 0) return Optional.empty();
                MemorySegment entry = MemorySegment.ofAddress(pw).reinterpret(PW_SIZE);
                return Optional.of(new UserInfo(
                        string(entry, PW_NAME),
                        entry.get(ValueLayout.JAVA_INT, PW_UID),
                        entry.get(ValueLayout.JAVA_INT, PW_GID),
                        string(entry, PW_DIR),
                        string(entry, PW_SHELL)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** A group's gid by name, or by number when {@code nameOrGid} is all digits (supervisord's {@code name_to_gid}). */
    public static java.util.OptionalInt groupId(String nameOrGid) {
        if (nameOrGid == null || nameOrGid.isEmpty()) return java.util.OptionalInt.empty();
        synchronized (PASSWD_BUFFER) {
            try (Arena arena = Arena.ofConfined()) {
                long gr;
                if (nameOrGid.chars().allMatch(Character::isDigit)) {
                    gr = NativeCall.call(GETGRGID, NativeCall.state(), Integer.parseUnsignedInt(nameOrGid) & 0xffffffffL);
                } else {
                    gr = NativeCall.call(GETGRNAM, NativeCall.state(), NativeCall.address(arena.allocateFrom(nameOrGid)));
                }
                if (gr == 0) return java.util.OptionalInt.empty();
                // struct group on LP64 Linux: name, passwd, gid(u32), members
                return java.util.OptionalInt.of(MemorySegment.ofAddress(gr).reinterpret(32).get(ValueLayout.JAVA_INT, 16));
            } catch (NumberFormatException e) {
                return java.util.OptionalInt.empty();
            }
        }
    }

    /** The effective uid of this JVM. */
    public static int currentUid() {
        return (int) NativeCall.call(GETEUID, NativeCall.state());
    }

    private static String string(MemorySegment entry, long offset) {
        MemorySegment p = entry.get(ValueLayout.ADDRESS, offset);
        return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
