package io.corridor.supervisor.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code [eventlistener:x]} → a pool {@link GroupSpec}: the pool keys in supervisord's order of checks
 * ({@code process_groups_from_parser}), then the processes exactly as a {@code [program:x]} gives them.
 */
final class EventListenerSectionReader {
    static final String PREFIX = "eventlistener:";
    static final Set<String> POOL_KEYS = Set.of("events", "buffer_size", "result_handler");

    private EventListenerSectionReader() {}

    static GroupSpec read(IniFile ini, String section, Map<String, Object> parserExpansions, Path mainFile,
                          ProgramSectionReader programs, Collection<ConfigWarning> warnings) throws ConfigException {
        SectionValues v = new SectionValues(ini, section, parserExpansions, mainFile);
        Map<String, Object> here = Map.of("here", SectionValues.hereOf(mainFile));
        String poolName = section.substring(PREFIX.length());
        // listeners start first and stop last unless told otherwise
        int priority = v.get("priority", "-1", here, Datatypes::integer);
        int bufferSize = v.get("buffer_size", "10", here, Datatypes::integer);
        if (bufferSize < 1) {
            throw v.error("buffer_size", "[" + section + "] section sets invalid buffer_size (" + bufferSize + ")");
        }
        String resultHandler = v.get("result_handler", EventPoolSpec.DEFAULT_RESULT_HANDLER, here);
        if (!resultHandler.equals(EventPoolSpec.DEFAULT_RESULT_HANDLER)) {
            throw v.error("result_handler", resultHandler + " cannot be resolved within [" + section + "]"
                    + " (a Python result handler cannot run here; only " + EventPoolSpec.DEFAULT_RESULT_HANDLER
                    + " is available)");
        }
        List<String> names = Datatypes.listOfStrings(v.get("events", "", here));
        if (names.isEmpty()) throw v.error("events", "[" + section + "] section requires an \"events\" line");
        Set<EventType> events = EnumSet.noneOf(EventType.class);
        for (String name : names) {
            events.add(EventType.byName(name).orElseThrow(() -> v.error("events",
                    "Unknown event type " + name.toUpperCase(Locale.ROOT) + " in [" + section + "] events")));
        }
        if (v.get("redirect_stderr", "false", here, Datatypes::bool)) {
            throw v.error("redirect_stderr", "[" + section + "] section sets redirect_stderr=true but this is not "
                    + "allowed because it will interfere with the eventlistener protocol");
        }
        if (v.has("stdout_capture_maxbytes")) {
            warnings.add(v.warning("stdout_capture_maxbytes", "For [" + section + "], stdout_capture_maxbytes is "
                    + "ignored: a listener's stdout carries the eventlistener protocol (supervisord ignores it too)"));
        }
        List<ProcessSpec> processes = programs.read(section, poolName);
        return new GroupSpec(poolName, priority, processes,
                java.util.Optional.of(new EventPoolSpec(events, bufferSize, resultHandler)));
    }
}
