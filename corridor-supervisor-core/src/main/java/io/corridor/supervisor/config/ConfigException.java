package io.corridor.supervisor.config;

import java.nio.file.Path;

/**
 * An invalid configuration. The message names the file, the line, the section and the key where they are known,
 * with supervisord's wording for the problem itself.
 */
public final class ConfigException extends Exception {
    private final Path file;
    private final int line;
    private final String section;
    private final String key;
    private final String problem;

    public ConfigException(Path file, int line, String section, String key, String problem) {
        super(format(file, line, section, key, problem));
        this.file = file;
        this.line = line;
        this.section = section;
        this.key = key;
        this.problem = problem;
    }

    /** @return the file, or null when the problem is not tied to one */
    public Path file() { return file; }
    /** @return the 1-based line, or 0 when unknown */
    public int line() { return line; }
    /** @return the section name (e.g. {@code program:x}), or null */
    public String section() { return section; }
    /** @return the key, or null */
    public String key() { return key; }
    /** @return the problem alone, in supervisord's words, without the location */
    public String problem() { return problem; }

    private static String format(Path file, int line, String section, String key, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) sb.append(':').append(line);
            sb.append(": ");
        }
        if (section != null) {
            sb.append('[').append(section).append(']');
            if (key != null) sb.append(' ').append(key);
            sb.append(": ");
        }
        return sb.append(problem).toString();
    }
}
