package io.corridor.supervisor.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code environment_file}: {@code KEY=VALUE} lines as systemd's {@code EnvironmentFile=} reads them. Blank lines and
 * lines starting with {@code #} or {@code ;} are skipped; a trailing backslash continues the line; whitespace around
 * the key and an unquoted value is dropped; a value in double quotes keeps its spaces and takes the escapes
 * {@code \"}, {@code \\}, {@code \$}, {@code \`}; one in single quotes is taken literally. Unlike systemd, a line
 * that is not an assignment is an error naming the file and line (a typo must not pass silently).
 */
final class EnvironmentFileReader {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvironmentFileReader() {}

    static Map<String, String> read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static Map<String, String> parse(List<String> lines, String source) {
        Map<String, String> env = new LinkedHashMap<>();
        StringBuilder pending = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (pending.isEmpty()) startLine = i + 1;
            if (line.endsWith("\\") && !line.endsWith("\\\\")) {
                pending.append(line, 0, line.length() - 1);
                continue;
            }
            pending.append(line);
            String logical = pending.toString();
            pending.setLength(0);
            String trimmed = logical.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
            int eq = trimmed.indexOf('=');
            String key = eq < 0 ? trimmed : trimmed.substring(0, eq).strip();
            if (eq < 0 || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("line " + startLine + " of " + source
                        + " is not KEY=VALUE: " + abbreviate(trimmed));
            }
            env.put(key, value(trimmed.substring(eq + 1).strip(), startLine, source));
        }
        return env;
    }

    private static String value(String v, int line, String source) {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) return v.substring(1, v.length() - 1);
        if (!v.startsWith("\"")) return v;
        if (v.length() < 2 || !v.endsWith("\"") || v.endsWith("\\\"") && !v.endsWith("\\\\\"")) {
            throw new IllegalArgumentException("line " + line + " of " + source + ": unterminated double quote");
        }
        StringBuilder out = new StringBuilder();
        String body = v.substring(1, v.length() - 1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && "\"\\$`".indexOf(body.charAt(i + 1)) >= 0) {
                out.append(body.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
