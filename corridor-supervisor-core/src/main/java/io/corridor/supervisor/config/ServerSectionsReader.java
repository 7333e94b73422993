package io.corridor.supervisor.config;

import io.corridor.supervisor.os.Users;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code [unix_http_server]} and {@code [inet_http_server]} as supervisord's {@code server_configs_from_parser}. */
final class ServerSectionsReader {
    static final String UNIX = "unix_http_server";
    static final String INET = "inet_http_server";
    static final Set<String> UNIX_KEYS = Set.of("file", "chmod", "chown", "username", "password", "tokens_file");
    static final Set<String> INET_KEYS = Set.of("port", "username", "password", "certfile", "keyfile", "clientca",
            "tokens_file");

    private ServerSectionsReader() {}

    static Optional<InetHttpServerSettings> inet(IniFile ini, Map<String, Object> parserExpansions, Path mainFile,
                                                 Path cwd) throws ConfigException {
        if (!ini.hasSection(INET)) return Optional.empty();
        SectionValues v = new SectionValues(ini, INET, parserExpansions, mainFile);
        Credentials auth = credentials(v);
        String port = v.get("port", null, Map.of());
        if (port == null) throw v.error("port", "section [" + INET + "] has no port value");
        Datatypes.InetAddress address = v.convert("port", port, Datatypes::inetAddress);
        Map<String, Object> here = Map.of("here", SectionValues.hereOf(mainFile));
        Optional<Path> certfile = CtlConfig.readableFile(v, "certfile", here, cwd);
        Optional<Path> keyfile = CtlConfig.readableFile(v, "keyfile", here, cwd);
        Optional<Path> clientca = CtlConfig.readableFile(v, "clientca", here, cwd);
        if (certfile.isPresent() != keyfile.isPresent()) {
            throw v.error(certfile.isPresent() ? "certfile" : "keyfile", "certfile and keyfile go together");
        }
        if (clientca.isPresent() && certfile.isEmpty()) {
            throw v.error("clientca", "clientca needs certfile and keyfile (mutual TLS is TLS)");
        }
        Optional<ServerAccess.Tls> tls = certfile.map(c -> new ServerAccess.Tls(c, keyfile.get(), clientca));
        return Optional.of(new InetHttpServerSettings(address.host(), address.port(), auth.username, auth.password,
                access(v, tls, here, cwd)));
    }

    static Optional<UnixHttpServerSettings> unix(IniFile ini, Map<String, Object> parserExpansions, Path mainFile,
                                                 Path cwd) throws ConfigException {
        if (!ini.hasSection(UNIX)) return Optional.empty();
        SectionValues v = new SectionValues(ini, UNIX, parserExpansions, mainFile);
        String file = v.get("file", null, Map.of("here", SectionValues.hereOf(mainFile)));
        if (file == null) throw v.error("file", "section [" + UNIX + "] has no file value");
        Path socket = cwd.resolve(PyText.strip(file)).normalize();
        Credentials auth = credentials(v);
        String chown = v.get("chown", null, Map.of());
        if (chown != null) {
            String owner = chown;
            v.convert("chown", chown, s -> {
                if (Users.lookup(owner.split(":", 2)[0]).isEmpty()) {
                    throw new ValueError("Invalid sockchown value " + owner);
                }
                return s;
            });
        }
        String chmodText = v.get("chmod", null, Map.of());
        int chmod = 0700;
        if (chmodText != null) {
            chmod = v.convert("chmod", chmodText, s -> {
                try {
                    return Datatypes.octal(s);
                } catch (ValueError e) {
                    throw new ValueError("Invalid chmod value " + s);
                }
            });
        }
        return Optional.of(new UnixHttpServerSettings(socket, chmod, Optional.ofNullable(chown), auth.username,
                auth.password, access(v, Optional.empty(), Map.of("here", SectionValues.hereOf(mainFile)), cwd)));
    }

    private static ServerAccess access(SectionValues v, Optional<ServerAccess.Tls> tls, Map<String, Object> here,
                                       Path cwd) throws ConfigException {
        Optional<Path> tokensFile = CtlConfig.readableFile(v, "tokens_file", here, cwd);
        if (tokensFile.isEmpty()) return new ServerAccess(tls, Optional.empty(), java.util.List.of());
        return new ServerAccess(tls, tokensFile, TokensFile.read(tokensFile.get()));
    }

    private record Credentials(Optional<String> username, Optional<String> password) {}

    private static Credentials credentials(SectionValues v) throws ConfigException {
        String username = v.get("username", null, Map.of());
        String password = v.get("password", null, Map.of());
        if ((username == null) != (password == null)) {
            throw v.error(username == null ? "password" : "username", "Section [" + v.section() + "] contains "
                    + "incomplete authentication: If a username or a password is specified, both the username "
                    + "and password must be specified");
        }
        return new Credentials(Optional.ofNullable(username), Optional.ofNullable(password));
    }
}
