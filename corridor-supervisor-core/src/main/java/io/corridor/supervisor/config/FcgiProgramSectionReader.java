package io.corridor.supervisor.config;

import io.corridor.supervisor.os.UserInfo;
import io.corridor.supervisor.os.Users;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code [fcgi-program:x]} → a homogeneous {@link GroupSpec} with its {@link FcgiSocketSpec}: the socket keys in
 * supervisord's order of checks ({@code options.py process_groups_from_parser}, {@code parse_fcgi_socket}), then
 * the processes exactly as a {@code [program:x]} gives them.
 */
final class FcgiProgramSectionReader {
    static final String PREFIX = "fcgi-program:";
    static final Set<String> SOCKET_KEYS = Set.of("socket", "socket_owner", "socket_mode", "socket_backlog");
    private static final Pattern TCP = Pattern.compile("tcp://([^\\s:]+):(\\d+)");

    private FcgiProgramSectionReader() {}

    static GroupSpec read(IniFile ini, String section, Map<String, Object> parserExpansions, Path mainFile,
                          ProgramSectionReader programs) throws ConfigException {
        SectionValues v = new SectionValues(ini, section, parserExpansions, mainFile);
        String programName = v.convert(null, section.substring(PREFIX.length()), Datatypes::processOrGroupName);
        Map<String, Object> here = Map.of("here", SectionValues.hereOf(mainFile));
        int priority = v.get("priority", "999", here, Datatypes::integer);
        String user = v.get("user", null, here);
        Optional<UserInfo> procUser = user == null ? Optional.empty()
                : Optional.of(v.convert("user", user, u -> Users.lookup(Datatypes.user(u)).orElseThrow()));

        Integer backlog = v.get("socket_backlog", null, here, Datatypes::integer);
        if (backlog != null && (backlog < 1 || backlog > 65535)) {
            throw v.error("socket_backlog", "Invalid socket_backlog value " + backlog);
        }
        int[] owner = null;
        String ownerText = v.get("socket_owner", null, here);
        if (ownerText != null) owner = v.convert("socket_owner", ownerText, FcgiProgramSectionReader::userGroup);
        Integer mode = null;
        String modeText = v.get("socket_mode", null, here);
        if (modeText != null) {
            mode = v.convert("socket_mode", modeText, m -> {
                try {
                    return Datatypes.octal(m);
                } catch (ValueError e) {
                    throw new ValueError("Invalid socket_mode value " + m);
                }
            });
        }
        Map<String, Object> names = Map.of("here", SectionValues.hereOf(mainFile), "program_name", programName);
        String socket = v.get("socket", null, names);
        if (socket == null || socket.isEmpty()) {
            throw v.error("socket", "[" + section + "] section requires a \"socket\" line");
        }
        FcgiSocketSpec spec = parseSocket(v, section, socket, procUser, owner, mode, backlog);
        return new GroupSpec(programName, priority, programs.read(section, programName), Optional.empty(),
                Optional.of(spec));
    }

    private static FcgiSocketSpec parseSocket(SectionValues v, String section, String socket,
                                              Optional<UserInfo> procUser, int[] owner, Integer mode,
                                              Integer backlog) throws ConfigException {
        OptionalInt backlogOpt = backlog == null ? OptionalInt.empty() : OptionalInt.of(backlog);
        String where = " in [" + section + "] socket";
        if (socket.startsWith("unix://")) {
            String path = socket.substring(7);
            if (!path.startsWith("/")) {
                throw v.error("socket", "Unix socket path " + path + " is not an absolute path" + where);
            }
            Path normalized = Path.of(path).normalize();
            if (owner == null && procUser.isPresent() && procUser.get().uid() != Users.currentUid()) {
                owner = new int[] {procUser.get().uid(), procUser.get().gid()};
            }
            return new FcgiSocketSpec("unix://" + normalized, Optional.of(normalized), "", 0,
                    owner == null ? OptionalInt.empty() : OptionalInt.of(owner[0]),
                    owner == null ? OptionalInt.empty() : OptionalInt.of(owner[1]),
                    mode == null ? 0700 : mode, backlogOpt);
        }
        if (owner != null || mode != null) {
            throw v.error(owner != null ? "socket_owner" : "socket_mode",
                    "socket_owner and socket_mode params should only be used with a Unix domain socket" + where);
        }
        Matcher m = TCP.matcher(socket);
        if (m.matches()) {
            String host = m.group(1).toLowerCase(java.util.Locale.ROOT);
            int port;
            try {
                port = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) throw v.error("socket", m.group(2) + " is not a valid port number" + where);
            return new FcgiSocketSpec("tcp://" + host + ":" + port, Optional.empty(), host, port,
                    OptionalInt.empty(), OptionalInt.empty(), 0, backlogOpt);
        }
        throw v.error("socket", "Bad socket format " + socket + where);
    }

    /** supervisord's {@code colon_separated_user_group}: {@code user} or {@code user:group}; gid -1 keeps the group. */
    private static int[] userGroup(String value) {
        String[] parts = value.split(":", 2);
        Optional<UserInfo> u = Users.lookup(parts[0]);
        if (u.isEmpty()) throw new ValueError("Invalid socket_owner value " + value);
        if (parts.length == 1) return new int[] {u.get().uid(), -1};
        OptionalInt gid = Users.groupId(parts[1]);
        if (gid.isEmpty()) throw new ValueError("Invalid socket_owner value " + value);
        return new int[] {u.get().uid(), gid.getAsInt()};
    }
}
