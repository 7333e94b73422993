package io.corridor.supervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a Supervisor ini file (with its includes) into a validated {@link SupervisorConfig}, in supervisord's order:
 * the main file, its {@code [include]} files, {@code [supervisord]} (whose {@code environment=} adds
 * {@code ENV_*} names for what follows), the groups, the servers. The first error stops the load.
 */
public final class ConfigLoader {
    static final String MAIN_RPC_FACTORY = "supervisor.rpcinterface:make_main_rpcinterface";

    private ConfigLoader() {}

    /** Reads with this process's environment for {@code %(ENV_X)s}. */
    public static SupervisorConfig load(Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    public static SupervisorConfig load(Path file, Map<String, String> environment) throws ConfigException {
        return load(file, LoadContext.system(environment));
    }

    /**
     * Reads with this process's environment; {@code notices} hears supervisord's start-up infos about the file
     * ({@code Included extra file "..." during parsing}).
     */
    public static SupervisorConfig load(Path file, Consumer<String> notices) throws ConfigException {
        return load(file, LoadContext.system(System.getenv()), notices);
    }

    static SupervisorConfig load(Path file, LoadContext context) throws ConfigException {
        return load(file, context, notice -> { });
    }

    static SupervisorConfig load(Path file, LoadContext context, Consumer<String> notices) throws ConfigException {
        if (!Files.exists(file)) throw new ConfigException(file, 0, null, null, "could not find config file " + file);
        Set<ConfigWarning> warnings = new LinkedHashSet<>();
        IniFile ini = new IncludeReader(file, context, warnings, notices).read();
        if (!ini.hasSection(SupervisordSectionReader.SECTION)) {
            throw new ConfigException(file, 0, null, null, ".ini file does not include supervisord section");
        }
        Map<String, Object> parserExpansions = environExpansions(context.environment());
        SupervisordSettings supervisord =
                SupervisordSectionReader.read(ini, parserExpansions, file, context, warnings);
        checkRpcInterfaces(ini, parserExpansions, file, warnings);
        List<GroupSpec> groups = readGroups(ini, parserExpansions, file, context, supervisord, warnings);
        Dependencies.validate(groups, ini);
        Optional<InetHttpServerSettings> inet = ServerSectionsReader.inet(ini, parserExpansions, file, context.cwd());
        Optional<UnixHttpServerSettings> unix = ServerSectionsReader.unix(ini, parserExpansions, file, context.cwd());
        Optional<CtlSettings> ctl = ini.hasSection(CtlConfig.SECTION)
                ? Optional.of(CtlConfig.fromSection(ini, parserExpansions, file, context.cwd()))
                : Optional.empty();
        warnAboutUnsupportedSectionsAndKeys(ini, file, warnings);
        return new SupervisorConfig(file.toAbsolutePath(), supervisord, unix, inet, ctl, List.copyOf(groups),
                List.copyOf(warnings));
    }

    /** supervisord's {@code environ_expansions}: {@code ENV_<name>} for every variable of its own environment. */
    static Map<String, Object> environExpansions(Map<String, String> environment) {
        Map<String, Object> names = new LinkedHashMap<>();
        environment.forEach((k, v) -> names.put("ENV_" + k, v));
        return names;
    }

    /**
     * {@code [group:x]} sections first claim their programs; every other {@code [program:x]} is a group of its own.
     * Groups keep the order of their sections in the file (supervisord sorts them by priority later, at start).
     */
    private static List<GroupSpec> readGroups(IniFile ini, Map<String, Object> parserExpansions, Path mainFile,
                                              LoadContext context, SupervisordSettings supervisord,
                                              Set<ConfigWarning> warnings) throws ConfigException {
        ProgramSectionReader programs = new ProgramSectionReader(ini, parserExpansions, mainFile, context,
                supervisord.environment(), warnings);
        Map<String, Object> here = Map.of("here", SectionValues.hereOf(mainFile));
        List<String> sections = ini.sectionNames();
        Map<String, GroupSpec> bySection = new LinkedHashMap<>();
        Set<String> claimed = new HashSet<>();

        for (String section : sections) {
            if (!section.startsWith("group:")) continue;
            SectionValues v = new SectionValues(ini, section, parserExpansions, mainFile);
            String groupName = v.convert(null, section.split(":", 2)[1], Datatypes::processOrGroupName);
            List<String> members = Datatypes.listOfStrings(v.get("programs", null, here));
            int priority = v.get("priority", "999", here, Datatypes::integer);
            List<ProcessSpec> processes = new ArrayList<>();
            for (String program : members) {
                String programSection = "program:" + program;
                String fcgiSection = FcgiProgramSectionReader.PREFIX + program;
                if (!ini.hasSection(programSection) && !ini.hasSection(fcgiSection)) {
                    throw v.error("programs", "[" + section + "] names unknown program or fcgi-program " + program);
                }
                if (ini.hasSection(programSection) && ini.hasSection(fcgiSection)) {
                    throw v.error("programs", "[" + section + "] name " + program
                            + " is ambiguous (exists as program and fcgi-program)");
                }
                if (ini.hasSection(fcgiSection)) {
                    // supervisord reads a listed fcgi-program as a plain program: its processes get no socket
                    warnings.add(v.warning("programs", "[" + section + "] lists fcgi-program " + program
                            + ": as in supervisord, in a [group:x] its processes run without the FastCGI socket"));
                    programSection = fcgiSection;
                }
                claimed.add(programSection);
                processes.addAll(programs.read(programSection, groupName));
            }
            bySection.put(section, new GroupSpec(groupName, priority, List.copyOf(processes)));
        }
        for (String section : sections) {
            if (!section.startsWith("program:") || claimed.contains(section)) continue;
            SectionValues v = new SectionValues(ini, section, parserExpansions, mainFile);
            String programName = v.convert(null, section.split(":", 2)[1], Datatypes::processOrGroupName);
            int priority = v.get("priority", "999", here, Datatypes::integer);
            bySection.put(section, new GroupSpec(programName, priority, programs.read(section, programName)));
        }
        for (String section : sections) {
            if (!section.startsWith(FcgiProgramSectionReader.PREFIX) || claimed.contains(section)) continue;
            bySection.put(section, FcgiProgramSectionReader.read(ini, section, parserExpansions, mainFile, programs));
        }
        for (String section : sections) {
            if (!section.startsWith(EventListenerSectionReader.PREFIX)) continue;
            bySection.put(section, EventListenerSectionReader.read(ini, section, parserExpansions, mainFile,
                    programs, warnings));
        }
        List<GroupSpec> groups = new ArrayList<>();
        for (String section : sections) if (bySection.containsKey(section)) groups.add(bySection.get(section));
        return groups;
    }

    /** supervisord needs {@code [rpcinterface:supervisor]}'s factory; other factories are Python plugins. */
    private static void checkRpcInterfaces(IniFile ini, Map<String, Object> parserExpansions, Path mainFile,
                                           Set<ConfigWarning> warnings) throws ConfigException {
        for (String section : ini.sectionNames()) {
            if (!section.startsWith("rpcinterface:")) continue;
            SectionValues v = new SectionValues(ini, section, parserExpansions, mainFile);
            String key = "supervisor.rpcinterface_factory";
            String factory = v.get(key, null, Map.of());
            if (factory == null) throw v.error(key, "section [" + section + "] does not specify a " + key);
            if (!factory.equals(MAIN_RPC_FACTORY)) {
                warnings.add(v.warning(key, "[" + section + "] " + factory
                        + " is a Python RPC interface plugin: a JVM server cannot load Python code; only "
                        + MAIN_RPC_FACTORY + " (built in) is served; section ignored"));
            }
        }
    }

    private static void warnAboutUnsupportedSectionsAndKeys(IniFile ini, Path mainFile, Set<ConfigWarning> warnings) {
        for (String section : ini.sectionNames()) {
            IniFile.Section s = ini.section(section).orElseThrow();
            Set<String> known = knownKeys(section);
            if (known == null) {
                String kind = section.contains(":") ? section.substring(0, section.indexOf(':')) : section;
                String message = switch (kind) {
                    case "ctlplugin" -> "[" + section + "] is a supervisorctl plugin (Python code that "
                            + "supervisorctl imports); the server never uses it and corridorctl, a JVM program, cannot "
                            + "load Python; section ignored";
                    default -> section.startsWith(ServerSectionsReader.UNIX)
                            || section.startsWith(ServerSectionsReader.INET)
                            ? "[" + section + "] (a second HTTP server) is not supported yet; section ignored"
                            : "unknown section [" + section + "] ignored (as supervisord does)";
                };
                warnings.add(new ConfigWarning(s.file(), s.line(), message));
                continue;
            }
            s.entries().forEach((key, entry) -> {
                if (!known.isEmpty() && !known.contains(key)) {
                    warnings.add(new ConfigWarning(entry.file(), entry.line(),
                            "unknown key '" + key + "' in [" + section + "] ignored (as supervisord does)"));
                }
            });
        }
    }

    /** @return the section's keys, an empty set for "any key", null for a section this reader does not use */
    private static Set<String> knownKeys(String section) {
        if (section.startsWith("program:")) return ProgramSectionReader.KNOWN_KEYS;
        if (section.startsWith(FcgiProgramSectionReader.PREFIX)) {
            Set<String> keys = new HashSet<>(ProgramSectionReader.KNOWN_KEYS);
            keys.addAll(FcgiProgramSectionReader.SOCKET_KEYS);
            return keys;
        }
        if (section.startsWith(EventListenerSectionReader.PREFIX)) {
            Set<String> keys = new HashSet<>(ProgramSectionReader.KNOWN_KEYS);
            keys.addAll(EventListenerSectionReader.POOL_KEYS);
            return keys;
        }
        if (section.startsWith("group:")) return Set.of("programs", "priority");
        if (section.startsWith("rpcinterface:")) return Set.of();
        return switch (section) {
            case SupervisordSectionReader.SECTION -> SupervisordSectionReader.KNOWN_KEYS;
            case ServerSectionsReader.UNIX -> ServerSectionsReader.UNIX_KEYS;
            case ServerSectionsReader.INET -> ServerSectionsReader.INET_KEYS;
            case CtlConfig.SECTION -> CtlConfig.KNOWN_KEYS;
            case IncludeReader.SECTION -> Set.of("files");
            default -> null;
        };
    }
}
