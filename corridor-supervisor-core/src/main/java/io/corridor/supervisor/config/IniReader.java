package io.corridor.supervisor.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one or more ini files into one merged {@link IniFile}, line for line as Python 3's
 * {@code RawConfigParser._read} with {@code inline_comment_prefixes=(';','#')} and {@code strict=False}: sections and
 * keys read later merge into / replace earlier ones, as supervisord's {@code [include]} relies on.
 *
 * <p>The loop below deliberately mirrors the Python control flow, quirks included (e.g. the inline-comment scan can
 * pick a later {@code #} over an earlier {@code ;}); golden tests compare it with configparser's output.
 */
public final class IniReader {
    private static final String[] INLINE_COMMENT_PREFIXES = {";", "#"};

    private final Map<String, RawSection> sections = new LinkedHashMap<>();
    private final RawSection defaults = new RawSection(IniFile.DEFAULT_SECTION, null, 0);
    private final java.util.function.Predicate<String> wanted;

    /** A reader that keeps every section. */
    public IniReader() {
        this(name -> true);
    }

    /**
     * A reader that keeps only the sections {@code wanted} accepts (and {@code [DEFAULT]}): the client reads one
     * section of a file that may hold hundreds of programs, and its start-up is its latency. Lines of other sections
     * are skipped unparsed, except lines that start (after indentation) with {@code [}, which go through the normal
     * rules so that no section header is missed; the cost is that an indented {@code [..]} continuation line of a
     * skipped section would be taken for a header, which no Supervisor file does in practice.
     */
    public IniReader(java.util.function.Predicate<String> wanted) {
        this.wanted = wanted;
    }

    /** Reads a file (UTF-8); a missing or unreadable file is a {@link ConfigException}. */
    public IniReader read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, 0, null, null, "could not read config file " + file + " (not UTF-8)");
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, null,
                    (Files.exists(file) ? "could not read config file " : "could not find config file ") + file);
        }
        return readString(text, file);
    }

    public IniReader readString(String text, Path name) throws ConfigException {
        RawSection current = null;
        String option = null;
        int indentLevel = 0;
        List<String> badLines = new ArrayList<>();
        int firstBadLine = 0;

        // Universal newlines as Python's text mode: \r\n and \r become \n; each line keeps its \n. Lines of skipped
        // sections are looked at in place, never copied out.
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
        boolean skipping = false;
        int lineno = 0;
        for (int next = 0; next < normalized.length(); ) {
            int start = next;
            int newline = normalized.indexOf('\n', start);
            next = newline < 0 ? normalized.length() : newline + 1;
            lineno++;
            if (skipping && normalized.charAt(firstNonSpace(normalized, start, next)) != '[') continue;
            String line = normalized.substring(start, next);
            int commentStart = inlineCommentStart(line);
            String stripped = PyText.strip(line);
            if (stripped.startsWith("#") || stripped.startsWith(";")) commentStart = 0;
            String value = PyText.strip(commentStart < 0 ? line : line.substring(0, commentStart));
            if (value.isEmpty()) {
                // empty_lines_in_values: a blank line (not a comment) is kept inside a multi-line value
                if (commentStart < 0 && current != null && option != null && !option.isEmpty()
                        && current.values.get(option) != null) {
                    current.values.get(option).lines.add("");
                }
                continue;
            }
            int indent = firstNonSpace(line);
            if (current != null && option != null && !option.isEmpty() && indent > indentLevel) {
                current.values.get(option).lines.add(value);
                continue;
            }
            indentLevel = indent;
            String header = sectionHeader(value);
            if (header != null) {
                skipping = !header.equals(IniFile.DEFAULT_SECTION) && !wanted.test(header);
                if (skipping) {
                    current = null;
                    option = null;
                    continue;
                }
                if (sections.containsKey(header)) current = sections.get(header);
                else if (header.equals(IniFile.DEFAULT_SECTION)) current = defaults;
                else {
                    current = new RawSection(header, name, lineno);
                    sections.put(header, current);
                }
                option = null;
            } else if (skipping) {
                continue; // a '[' line inside a skipped section that is no header
            } else if (current == null) {
                throw new ConfigException(name, lineno, null, null, "File contains no section headers.\nfile: "
                        + PyText.repr(name.toString()) + ", line: " + lineno + "\n" + PyText.repr(line));
            } else {
                int delimiter = firstDelimiter(value);
                if (delimiter < 0) {
                    if (badLines.isEmpty()) firstBadLine = lineno;
                    badLines.add(String.format("\n\t[line %2d]: %s", lineno, PyText.repr(line)));
                    continue;
                }
                String rawName = PyText.rstrip(value.substring(0, delimiter));
                if (rawName.isEmpty()) {
                    if (badLines.isEmpty()) firstBadLine = lineno;
                    badLines.add(String.format("\n\t[line %2d]: %s", lineno, PyText.repr(line)));
                }
                option = rawName.toLowerCase(java.util.Locale.ROOT);
                RawValue v = new RawValue(name, lineno);
                v.lines.add(PyText.strip(value.substring(delimiter + 1)));
                current.values.put(option, v);
            }
        }
        joinMultilineValues();
        if (!badLines.isEmpty()) {
            throw new ConfigException(name, firstBadLine, null, null, "Source contains parsing errors: "
                    + PyText.repr(name.toString()) + String.join("", badLines));
        }
        return this;
    }

    public IniFile toIniFile() {
        Map<String, IniFile.Section> out = new LinkedHashMap<>();
        sections.forEach((name, raw) -> out.put(name, new IniFile.Section(name, raw.file, raw.line, raw.entries())));
        return new IniFile(out, defaults.entries());
    }

    // ---------------------------------------------------------------- the pieces of configparser's _read

    /**
     * Python's scan: in each round, every prefix moves to its next occurrence, and the round ends the scan as soon as
     * any of them is preceded by whitespace. So {@code a=b;c ;d #e} keeps {@code a=b;c ;d}.
     */
    private static int inlineCommentStart(String line) {
        int commentStart = Integer.MAX_VALUE;
        int[] from = new int[INLINE_COMMENT_PREFIXES.length];
        boolean[] active = new boolean[INLINE_COMMENT_PREFIXES.length];
        java.util.Arrays.fill(from, -1);
        java.util.Arrays.fill(active, true);
        boolean anyActive = true;
        while (commentStart == Integer.MAX_VALUE && anyActive) {
            anyActive = false;
            for (int p = 0; p < INLINE_COMMENT_PREFIXES.length; p++) {
                if (!active[p]) continue;
                int index = line.indexOf(INLINE_COMMENT_PREFIXES[p], from[p] + 1);
                if (index == -1) {
                    active[p] = false;
                    continue;
                }
                anyActive = true;
                from[p] = index;
                if (index == 0 || PyText.isSpace(line.charAt(index - 1))) commentStart = Math.min(commentStart, index);
            }
        }
        return commentStart == Integer.MAX_VALUE ? -1 : commentStart;
    }

    private static int firstNonSpace(String line) {
        return firstNonSpace(line, 0, line.length());
    }

    /** The first non-space index of {@code text[from, to)}, or {@code from} when there is none. */
    private static int firstNonSpace(String text, int from, int to) {
        for (int i = from; i < to; i++) if (!PyText.isSpace(text.charAt(i))) return i;
        return from;
    }

    /** {@code \[(?P<header>.+)\]} matched at the start: greedy, so the header runs to the last {@code ]}. */
    private static String sectionHeader(String value) {
        if (!value.startsWith("[")) return null;
        int close = value.lastIndexOf(']');
        return close >= 2 ? value.substring(1, close) : null;
    }

    /** The option regex's lazy name ends at the first {@code =} or {@code :}. */
    private static int firstDelimiter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=' || c == ':') return i;
        }
        return -1;
    }

    private void joinMultilineValues() {
        defaults.join();
        sections.values().forEach(RawSection::join);
    }

    private static final class RawSection {
        final String name;
        final Path file;
        final int line;
        final Map<String, RawValue> values = new LinkedHashMap<>();

        RawSection(String name, Path file, int line) {
            this.name = name;
            this.file = file;
            this.line = line;
        }

        void join() {
            values.values().forEach(RawValue::join);
        }

        Map<String, IniFile.Entry> entries() {
            Map<String, IniFile.Entry> out = new LinkedHashMap<>();
            values.forEach((k, v) -> out.put(k, new IniFile.Entry(v.joined, v.file, v.line)));
            return out;
        }
    }

    private static final class RawValue {
        final Path file;
        final int line;
        final List<String> lines = new ArrayList<>();
        String joined;

        RawValue(Path file, int line) {
            this.file = file;
            this.line = line;
        }

        void join() {
            if (joined == null) joined = PyText.rstrip(String.join("\n", lines));
        }
    }
}
