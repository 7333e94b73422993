package io.corridor.supervisor.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The filesystem side of {@code [unix_http_server] file=}: a live socket at the path is an error, a stale one (from
 * a server that died) is unlinked. The server binds a private name first ({@code file.<pid>}), which is chmod-ed and
 * chown-ed before it is renamed into place, so the socket is never reachable with looser permissions.
 */
final class UnixSocketFile {
    private UnixSocketFile() {}

    /**
     * Fails when something answers at {@code path}; removes a socket file nobody listens on. Unlike supervisord,
     * refuses to unlink anything that is not a socket (a mistyped {@code file=} must not delete a regular file).
     */
    static void clearStale(Path path, ServerLog log) throws ServerBindException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try {
            var attrs = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) {
                throw new ServerBindException(path + " exists and is not a socket; refusing to replace it", null);
            }
        } catch (IOException e) {
            throw new ServerBindException("Cannot inspect " + path + ": " + e.getMessage(), e);
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new ServerBindException(ServerBindException.IN_USE, null);
        } catch (IOException refused) {
            log.info("Unlinking stale socket " + path);
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new ServerBindException("Cannot remove stale socket " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** The private name to bind before {@link #publish}. */
    static Path bindingName(Path path) {
        return path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid());
    }

    static void publish(Path bound, Path path, int mode, Optional<String> chown) throws ServerBindException {
        try {
            Files.setPosixFilePermissions(bound, permissions(mode));
            if (chown.isPresent()) chown(bound, chown.get());
            Files.move(bound, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(bound);
            } catch (IOException ignored) {
                // best effort: the bind failed anyway
            }
            throw new ServerBindException("Cannot set up socket " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@code user} or {@code user:group}, names or numeric ids. */
    private static void chown(Path file, String spec) throws IOException {
        FileSystem fs = file.getFileSystem();
        UserPrincipalLookupService lookup = fs.getUserPrincipalLookupService();
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        if (!user.isEmpty()) {
            UserPrincipal owner = lookup.lookupPrincipalByName(user);
            Files.setOwner(file, owner);
        }
        if (colon >= 0 && colon + 1 < spec.length()) {
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(spec.substring(colon + 1));
            Files.getFileAttributeView(file, PosixFileAttributeView.class).setGroup(group);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) set.add(order[bit]);
        }
        return set;
    }
}
