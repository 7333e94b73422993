package io.corridor.supervisor.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One process instance, every {@code %(...)} name already expanded for it ({@code numprocs} gives several specs per
 * {@code [program:x]}). Structural equality is what {@code reread} compares.
 */
public record ProcessSpec(
        String name,                 // process_name, expanded (e.g. worker_00)
        String groupName,            // program name, or the [group:x] that lists the program
        String programName,          // x in [program:x]
        int processNum,
        String command,              // expanded command line as written
        List<String> argv,           // command split with POSIX shlex rules; argv[0] not yet resolved on PATH
        int priority,
        boolean autostart,
        int startSecs,
        int startRetries,
        AutoRestart autoRestart,
        Set<Integer> exitCodes,
        int stopSignal,              // signal number
        int stopWaitSecs,
        boolean stopAsGroup,
        boolean killAsGroup,
        Optional<String> user,
        boolean redirectStderr,
        LogSpec stdout,
        LogSpec stderr,              // target NONE when redirectStderr
        Map<String, String> environment, // [supervisord] environment overlaid with the program's own, in order
        Optional<String> directory,
        OptionalInt umask,
        String serverUrl,            // "AUTO" or a URL for SUPERVISOR_SERVER_URL
        ContainmentSpec containment, // stop_descendants, die_with_supervisor, max_memory
        String sourceFile,           // file that defined the section (for messages)
        int sourceLine,              // line of the section header
        ReadinessSpec readiness,     // Corridor: depends_on, ready_check, health_*
        RestartPolicy restartPolicy, // Corridor: backoff, fatal_retry_after, min_restart_interval, on_fatal
        List<EnvironmentFile> environmentFiles) { // Corridor: environment_file

    /** supervisord's namespec: {@code name} when group and process share it, else {@code group:name}. */
    public String namespec() {
        return groupName.equals(name) ? name : groupName + ":" + name;
    }
}
