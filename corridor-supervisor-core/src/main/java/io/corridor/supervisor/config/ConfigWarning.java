package io.corridor.supervisor.config;

import java.nio.file.Path;

/** Something the reader accepted but an operator should hear about (unsupported section, include glob with no match...). */
public record ConfigWarning(Path file, int line, String message) {
    @Override
    public String toString() {
        return (file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ") + message;
    }
}
