package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code [program:x]} → one {@link ProcessSpec} per {@code process_num}, in the order and with the expansion names of
 * supervisord's {@code _processes_from_section}. That function shares one mutable dict between the per-section keys
 * and the per-process loop; {@link #common} copies that on purpose, so each key sees exactly the names it sees there
 * (e.g. {@code directory} sees {@code process_num} and the program's own {@code ENV_*}, {@code priority} does not).
 */
final class ProgramSectionReader {
    static final Set<String> KNOWN_KEYS = withLogOptionKeys("command", "process_name", "numprocs", "numprocs_start", "priority",
            "autostart", "startsecs", "startretries", "autorestart", "exitcodes", "stopsignal", "stopwaitsecs",
            "stopasgroup", "killasgroup", "user", "redirect_stderr", "environment", "directory", "umask", "serverurl",
            "stdout_logfile", "stdout_logfile_maxbytes", "stdout_logfile_backups", "stdout_capture_maxbytes",
            "stdout_events_enabled", "stdout_syslog", "stderr_logfile", "stderr_logfile_maxbytes",
            "stderr_logfile_backups", "stderr_capture_maxbytes", "stderr_events_enabled", "stderr_syslog",
            "stop_descendants", "die_with_supervisor", "max_memory",
            // Corridor extensions
            "depends_on", "ready_check", "ready_timeout", "health_check", "health_interval", "health_timeout",
            "health_retries", "health_action", "backoff", "backoff_max", "fatal_retry_after", "min_restart_interval",
            "on_fatal", "environment_file");

    private static Set<String> withLogOptionKeys(String... keys) {
        Set<String> all = new java.util.HashSet<>(Set.of(keys));
        all.addAll(LogOptionsReader.KEYS);
        return Set.copyOf(all);
    }

    private final IniFile ini;
    private final Map<String, Object> parserExpansions;
    private final Path mainFile;
    private final LoadContext context;
    private final Map<String, String> globalEnvironment;
    private final Collection<ConfigWarning> warnings;

    ProgramSectionReader(IniFile ini, Map<String, Object> parserExpansions, Path mainFile, LoadContext context,
                         Map<String, String> globalEnvironment, Collection<ConfigWarning> warnings) {
        this.ini = ini;
        this.parserExpansions = parserExpansions;
        this.mainFile = mainFile;
        this.context = context;
        this.globalEnvironment = globalEnvironment;
        this.warnings = warnings;
    }

    List<ProcessSpec> read(String section, String groupName) throws ConfigException {
        SectionValues v = new SectionValues(ini, section, parserExpansions, mainFile);
        String programName = v.convert(null, section.split(":", 2)[1], Datatypes::processOrGroupName);
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("here", SectionValues.hereOf(mainFile));
        common.put("program_name", programName);
        common.put("host_node_name", context.hostName());
        common.put("group_name", groupName);

        int priority = v.get("priority", "999", common, Datatypes::integer);
        boolean autostart = v.get("autostart", "true", common, Datatypes::bool);
        AutoRestart autorestart = v.get("autorestart", "unexpected", common, Datatypes::autoRestart);
        int startsecs = v.get("startsecs", "1", common, Datatypes::integer);
        int startretries = v.get("startretries", "3", common, CorridorKeysReader::startRetries);
        int stopsignal = v.get("stopsignal", "TERM", common, Datatypes::signal);
        int stopwaitsecs = v.get("stopwaitsecs", "10", common, Datatypes::integer);
        boolean stopasgroup = v.get("stopasgroup", "false", common, Datatypes::bool);
        boolean killasgroup = v.get("killasgroup", stopasgroup ? "true" : "false", common, Datatypes::bool);
        Set<Integer> exitcodes = Collections.unmodifiableSet(
                new LinkedHashSet<>(v.get("exitcodes", "0", common, Datatypes::exitCodes)));
        boolean redirectStderr = v.get("redirect_stderr", "false", common, Datatypes::bool);
        int numprocs = v.get("numprocs", "1", common, Datatypes::integer);
        int numprocsStart = v.get("numprocs_start", "0", common, Datatypes::integer);
        String environmentTemplate = v.raw("environment", "");
        long stdoutCapture = v.get("stdout_capture_maxbytes", "0", common, Datatypes::byteSize);
        boolean stdoutEvents = v.get("stdout_events_enabled", "false", common, Datatypes::bool);
        long stderrCapture = v.get("stderr_capture_maxbytes", "0", common, Datatypes::byteSize);
        boolean stderrEvents = v.get("stderr_events_enabled", "false", common, Datatypes::bool);
        String serverurl = v.get("serverurl", null, common);
        if (serverurl != null && PyText.strip(serverurl).equalsIgnoreCase("AUTO")) serverurl = null;
        String user = v.get("user", null, common, Datatypes::user);
        Integer umask = v.get("umask", null, common, Datatypes::octal);
        String processName = v.convert("process_name", v.raw("process_name", "%(program_name)s"),
                Datatypes::processOrGroupName);
        if (numprocs > 1 && !processName.contains("%(process_num)")) {
            throw v.error(v.has("process_name") ? "process_name" : "numprocs",
                    "%(process_num) must be present within process_name when numprocs > 1");
        }
        if (stopasgroup && !killasgroup) {
            throw v.error("killasgroup", "Cannot set stopasgroup=true and killasgroup=false");
        }
        ContainmentSpec containment = new ContainmentSpec(
                v.get("stop_descendants", "true", common, Datatypes::bool),
                v.get("die_with_supervisor", "true", common, Datatypes::bool),
                v.get("max_memory", "0", common, Datatypes::byteSize));
        CorridorKeysReader corridor = new CorridorKeysReader(v, common);
        ReadinessSpec readiness = corridor.readiness();
        RestartPolicy restartPolicy = corridor.restartPolicy();
        List<EnvironmentFile> environmentFiles = corridor.environmentFiles();

        List<ProcessSpec> processes = new ArrayList<>();
        ProcessSpec previous = null;
        Map<String, String> previousEnvironment = null;
        for (int processNum = numprocsStart; processNum < numprocs + numprocsStart; processNum++) {
            common.put("process_num", processNum);
            common.put("numprocs", numprocs);
            restoreParserExpansions(common, previousEnvironment);
            String environmentText = v.expand("environment", environmentTemplate,
                    v.withHereOf("environment", common), "environment");
            Map<String, String> environment = v.convert("environment", environmentText, Datatypes::keyValuePairs);
            environment.forEach((key, value) -> common.put("ENV_" + key, value));
            previousEnvironment = environment;

            String directory = v.get("directory", null, common);
            LogSpec stdout = logSpec(v, "stdout", common, stdoutCapture, stdoutEvents, section);
            LogSpec stderr = logSpec(v, "stderr", common, stderrCapture, stderrEvents, section);
            if (redirectStderr) {
                if (stderr.target() instanceof LogTarget.File) {
                    warnings.add(v.warning("stderr_logfile", "For [" + section + "], redirect_stderr=true but "
                            + "stderr_logfile has also been set to a filename, the filename has been ignored"));
                }
                stderr = new LogSpec(LogTarget.NONE, stderr.maxBytes(), stderr.backups(), stderr.captureMaxBytes(),
                        stderr.eventsEnabled(), stderr.syslog(), stderr.options());
            }
            String command = v.get("command", null, common);
            if (command == null) throw v.error(null, "program section " + section + " does not specify a command");
            String name = v.expand("process_name", processName, v.withHereOf("process_name", common), "process_name");

            Map<String, String> mergedEnvironment = new LinkedHashMap<>(globalEnvironment);
            mergedEnvironment.putAll(environment);
            ProcessSpec spec = new ProcessSpec(name, groupName, programName, processNum, command,
                    previous != null && command.equals(previous.command()) && !previous.argv().isEmpty()
                            ? previous.argv() : argv(v, command),
                    priority, autostart, startsecs, startretries, autorestart, exitcodes, stopsignal, stopwaitsecs,
                    stopasgroup, killasgroup, Optional.ofNullable(user), redirectStderr,
                    previous == null ? stdout : same(previous.stdout(), stdout),
                    previous == null ? stderr : same(previous.stderr(), stderr),
                    previous != null && sameInOrder(previous.environment(), mergedEnvironment)
                            ? previous.environment() : Collections.unmodifiableMap(mergedEnvironment),
                    Optional.ofNullable(directory), umask == null ? OptionalInt.empty() : OptionalInt.of(umask),
                    serverurl == null ? "AUTO" : serverurl, containment, v.file().toString(), v.line(),
                    readiness, restartPolicy, environmentFiles);
            processes.add(spec);
            previous = spec;
        }
        processes.sort(Comparator.comparingInt(ProcessSpec::priority).thenComparing(ProcessSpec::name));
        return List.copyOf(processes);
    }

    /**
     * {@code previous} when it equals {@code value}: the processes of a {@code numprocs} section share their equal
     * parts (log specs, environment, argv), which the engine keeps for as long as they run (docs/benchmarks.md).
     */
    private static <T> T same(T previous, T value) {
        return value.equals(previous) ? previous : value;
    }

    /** Map equality that also compares the order: the environment is passed to the child in this order. */
    private static boolean sameInOrder(Map<String, String> a, Map<String, String> b) {
        if (a.size() != b.size()) return false;
        var other = b.entrySet().iterator();
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (!e.equals(other.next())) return false;
        }
        return true;
    }

    /**
     * supervisord's loop starts each process by updating its shared dict with the parser's names: what that changes
     * after the first process is only the {@code ENV_*} names the previous process's {@code environment} set over
     * them, so only those are put back (copying every parser name again, each process, was a large part of a reread).
     */
    private void restoreParserExpansions(Map<String, Object> common, Map<String, String> previousEnvironment) {
        if (previousEnvironment == null) {
            common.putAll(parserExpansions);
            return;
        }
        for (String key : previousEnvironment.keySet()) {
            String name = "ENV_" + key;
            if (parserExpansions.containsKey(name)) common.put(name, parserExpansions.get(name));
        }
    }

    private LogSpec logSpec(SectionValues v, String stream, Map<String, Object> common, long captureMaxBytes,
                            boolean eventsEnabled, String section) throws ConfigException {
        String key = stream + "_logfile";
        LogTarget target = LogTarget.AUTO;
        boolean syslogTarget = false;
        String value = v.get(key, null, common);
        if (value != null) {
            // supervisord expands *_logfile twice (saneget, then expand): a '%%' in the file becomes '%' and is re-read
            String twice = v.expand(key, value, common, key);
            if (twice.equalsIgnoreCase("syslog")) {
                syslogTarget = true;
                target = LogTarget.NONE;
            } else {
                target = v.convert(key, twice, s -> Datatypes.logfile(s, context.environment(), context.cwd()));
            }
        }
        int backups = v.get(stream + "_logfile_backups", "10", common, Datatypes::integer);
        long maxBytes = v.get(stream + "_logfile_maxbytes", "50MB", common, Datatypes::byteSize);
        boolean syslog = v.get(stream + "_syslog", "false", common, Datatypes::bool);
        if (syslogTarget) {
            warnings.add(v.warning(key, "For [" + section + "], " + key + "=syslog but this is deprecated and will "
                    + "be removed.  Use " + stream + "_syslog=true to enable syslog instead."));
            syslog = true;
        }
        if (target instanceof LogTarget.Auto && maxBytes == 0) {
            warnings.add(v.warning(stream + "_logfile_maxbytes", "For [" + section + "], AUTO logging used for "
                    + key + " without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally"));
        }
        return new LogSpec(target, maxBytes, backups, captureMaxBytes, eventsEnabled, syslog,
                LogOptionsReader.read(v, stream, common));
    }

    /**
     * supervisord splits the command only when it spawns, so an unbalanced quote is not a config error there: the
     * process fails with "can't parse command". Same here: empty argv plus a warning, and the engine reports it.
     */
    private List<String> argv(SectionValues v, String command) {
        try {
            return List.copyOf(Shlex.split(command));
        } catch (IllegalArgumentException e) {
            warnings.add(v.warning("command", "can't parse command " + PyText.repr(command) + ": " + e.getMessage()
                    + " (the process will fail to spawn)"));
            return List.of();
        }
    }
}
