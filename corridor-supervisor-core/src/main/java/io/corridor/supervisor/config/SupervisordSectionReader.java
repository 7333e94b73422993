package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code [supervisord]}: supervisord's {@code read_config} + {@code realize} for this section, defaults applied. */
final class SupervisordSectionReader {
    static final String SECTION = "supervisord";
    static final Set<String> KNOWN_KEYS = Set.of("logfile", "logfile_maxbytes", "logfile_backups", "loglevel",
            "pidfile", "umask", "nodaemon", "silent", "minfds", "minprocs", "nocleanup", "childlogdir", "user",
            "directory", "strip_ansi", "environment", "identifier", "profile_options");

    private SupervisordSectionReader() {}

    /**
     * Reads the section; afterwards {@code parserExpansions} also holds {@code ENV_<key>} for every key of its
     * {@code environment=}, as the sections read later see them.
     */
    static SupervisordSettings read(IniFile ini, Map<String, Object> parserExpansions, Path mainFile,
                                    LoadContext context, Collection<ConfigWarning> warnings) throws ConfigException {
        SectionValues v = new SectionValues(ini, SECTION, parserExpansions, mainFile);
        Map<String, Object> here = Map.of("here", SectionValues.hereOf(mainFile));
        Map<String, String> env = context.environment();
        Path cwd = context.cwd();

        int minfds = v.get("minfds", "1024", here, Datatypes::integer);
        int minprocs = v.get("minprocs", "200", here, Datatypes::integer);
        Path directory = v.get("directory", null, here, s -> Datatypes.existingDirectory(s, env));
        String user = v.get("user", null, here);
        int umask = v.get("umask", "022", here, Datatypes::octal);
        String logfileValue = v.get("logfile", "supervisord.log", here);
        Path logfilePath = v.convert("logfile", logfileValue, s -> Datatypes.existingDirpath(s, env, cwd));
        long logfileMaxBytes = v.get("logfile_maxbytes", "50MB", here, Datatypes::byteSize);
        int logfileBackups = v.get("logfile_backups", "10", here, Datatypes::integer);
        LogLevel loglevel = v.get("loglevel", "info", here, Datatypes::logLevel);
        Path pidfile = v.get("pidfile", "supervisord.pid", here, s -> Datatypes.existingDirpath(s, env, cwd));
        String identifier = v.get("identifier", "supervisor", here);
        boolean nodaemon = v.get("nodaemon", "false", here, Datatypes::bool);
        boolean silent = v.get("silent", "false", here, Datatypes::bool);
        Path childlogdir = v.get("childlogdir", context.tmpdir().toString(), here,
                s -> Datatypes.existingDirectory(s, env));
        boolean nocleanup = v.get("nocleanup", "false", here, Datatypes::bool);
        boolean stripAnsi = v.get("strip_ansi", "false", here, Datatypes::bool);

        // expanded once (supervisor 4.4 fix) with host_node_name too, so %% gives %
        Map<String, Object> environmentNames = new LinkedHashMap<>(parserExpansions);
        environmentNames.put("here", SectionValues.hereOf(mainFile));
        environmentNames.put("host_node_name", context.hostName());
        String environmentText = v.expand("environment", v.raw("environment", ""),
                v.withHereOf("environment", environmentNames), "environment");
        Map<String, String> environment = v.convert("environment", environmentText, Datatypes::keyValuePairs);
        environment.forEach((key, value) -> parserExpansions.put("ENV_" + key, value));

        if (user != null) v.convert("user", user, Datatypes::user);
        if (v.has("profile_options")) {
            warnings.add(v.warning("profile_options", "[supervisord] profile_options is a Python profiler "
                    + "setting; ignored"));
        }
        LogTarget logfile;
        if (logfileValue.equals("syslog")) {
            logfile = LogTarget.SYSLOG;
        } else {
            logfile = new LogTarget.File(normalize(cwd, logfilePath));
        }
        return new SupervisordSettings(logfile, logfileMaxBytes, logfileBackups, loglevel, normalize(cwd, pidfile),
                umask, nodaemon, silent, minfds, minprocs, nocleanup, childlogdir, Optional.ofNullable(user),
                Optional.ofNullable(directory), stripAnsi, Collections.unmodifiableMap(environment), identifier);
    }

    /** supervisord's {@code normalize_path}: absolute against the working directory, {@code ..} folded. */
    static Path normalize(Path cwd, Path path) {
        return cwd.resolve(path).normalize();
    }
}
