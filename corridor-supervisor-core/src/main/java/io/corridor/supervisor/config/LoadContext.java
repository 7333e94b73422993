package io.corridor.supervisor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a configuration is read against besides the file: the environment (for {@code %(ENV_X)s}), the host name
 * ({@code %(host_node_name)s}), the working directory (relative {@code [supervisord]} paths) and the temp directory
 * (default {@code childlogdir}). Tests pass fixed values.
 */
record LoadContext(Map<String, String> environment, String hostName, Path cwd, Path tmpdir) {

    static LoadContext system(Map<String, String> environment) {
        return new LoadContext(environment, systemHostName(), Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Python's {@code platform.node()}: uname's nodename, which Linux exposes here. */
    private static String systemHostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                return "localhost";
            }
        }
    }
}
