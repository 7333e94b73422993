package io.corridor.supervisor.ctl.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * A minimal Python 3 {@code RawConfigParser(inline_comment_prefixes=(';','#'), strict=False)}: enough for the
 * {@code [supervisorctl]} section. Full-line and whitespace-preceded inline comments, {@code =}/{@code :}
 * delimiters (first wins), lower-cased keys, indented continuation lines, merged duplicate sections, [DEFAULT].
 * Interim until core's IniFile is available (see {@link IniSections}).
 */
public final class SimpleIniReader implements IniSections {
    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();

    /** A reader without a method reference: lambdas cost a bootstrap at start-up. */
    public static final IniSections.Reader READER = new IniSections.Reader() {
        @Override
        public IniSections read(Path file) throws IOException {
            return SimpleIniReader.read(file);
        }
    };

    private SimpleIniReader() {}

    public static IniSections read(Path file) throws IOException {
        SimpleIniReader reader = new SimpleIniReader();
        reader.parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        return reader;
    }

    @Override
    public Optional<Map<String, String>> section(String name) {
        Map<String, String> values = sections.get(name);
        if (values == null) {
            return Optional.empty();
        }
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        merged.putAll(values);
        return Optional.of(merged);
    }

    private void parse(List<String> lines, String source) throws IOException {
        Map<String, String> current = null;
        String key = null;
        int keyIndent = 0;
        int lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith(";") || stripped.startsWith("#")) {
                continue;                                      // blank lines inside values do not matter here
            }
            String value = withoutInlineComment(line).strip();
            if (value.isEmpty()) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (current != null && key != null && indent > keyIndent) {
                current.put(key, current.get(key) + "\n" + value);
                continue;
            }
            keyIndent = indent;
            if (value.startsWith("[") && value.indexOf(']') > 1) {
                String name = value.substring(1, value.indexOf(']'));
                current = name.equals("DEFAULT") ? defaults : sections.get(name);
                if (current == null) {
                    current = new LinkedHashMap<>();
                    sections.put(name, current);
                }
                key = null;
            } else if (current == null) {
                throw new IOException("File contains no section headers.\nfile: '" + source + "', line: "
                        + lineNumber + "\n'" + line + "'");
            } else {
                int delimiter = firstDelimiter(value);
                if (delimiter < 0) {
                    throw new IOException("Source contains parsing errors: '" + source + "'\n\t[line " + lineNumber
                            + "]: '" + line + "'");
                }
                key = value.substring(0, delimiter).strip().toLowerCase(Locale.ROOT);
                current.put(key, value.substring(delimiter + 1).strip());
            }
        }
    }

    private static int firstDelimiter(String text) {
        int equals = text.indexOf('=');
        int colon = text.indexOf(':');
        return equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
    }

    private static String withoutInlineComment(String line) {
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c == ';' || c == '#') && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
