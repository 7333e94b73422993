package io.corridor.supervisor.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A tokens file: one {@code NAME ROLE TOKEN} per line (whitespace-separated; {@code ROLE} is {@code read} or
 * {@code admin}), blank lines and {@code #} comments skipped. Errors name the tokens file and its line.
 */
final class TokensFile {
    private static final int MIN_TOKEN_LENGTH = 16;

    private TokensFile() {}

    static List<ServerAccess.AccessToken> read(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, null, "cannot read tokens file: " + e.getMessage());
        }
        List<ServerAccess.AccessToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] words = line.split("\\s+");
            int lineNumber = i + 1;
            if (words.length != 3) {
                throw new ConfigException(file, lineNumber, null, null, "expected 'NAME ROLE TOKEN', found "
                        + words.length + " word(s)");
            }
            ServerAccess.Role role = switch (words[1].toLowerCase(Locale.ROOT)) {
                case "read" -> ServerAccess.Role.READ;
                case "admin" -> ServerAccess.Role.ADMIN;
                default -> throw new ConfigException(file, lineNumber, null, null, "role must be read or admin, not '"
                        + words[1] + "'");
            };
            String secret = words[2];
            if (secret.length() < MIN_TOKEN_LENGTH || secret.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new ConfigException(file, lineNumber, null, null, "token of '" + words[0] + "' must be at least "
                        + MIN_TOKEN_LENGTH + " printable ASCII characters (e.g. openssl rand -hex 24)");
            }
            if (!names.add(words[0])) {
                throw new ConfigException(file, lineNumber, null, null, "name '" + words[0] + "' given twice");
            }
            if (!secrets.add(secret)) {
                throw new ConfigException(file, lineNumber, null, null, "token of '" + words[0] + "' is used twice");
            }
            tokens.add(new ServerAccess.AccessToken(words[0], role, secret));
        }
        if (tokens.isEmpty()) throw new ConfigException(file, 0, null, null, "tokens file has no token");
        return List.copyOf(tokens);
    }
}
