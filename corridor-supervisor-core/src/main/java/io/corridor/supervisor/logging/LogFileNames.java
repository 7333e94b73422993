package io.corridor.supervisor.logging;

import io.corridor.supervisor.LogChannel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * supervisord's {@code AUTO} child log names: {@code <childlogdir>/<procname>-<channel>---<identifier>-<random>.log},
 * created like Python's {@code mkstemp} (exclusively, mode 0600, 8 characters from {@code [a-z0-9_]}).
 */
public final class LogFileNames {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_";
    private static final int RANDOM_LENGTH = 8;
    private static final int ATTEMPTS = 100;

    private final RandomGenerator random;

    public LogFileNames() {
        this(new SecureRandom());
    }

    LogFileNames(RandomGenerator random) {
        this.random = random;
    }

    /** Creates a new empty AUTO log file and returns its path. */
    public Path createAutoLog(Path childLogDir, String processName, LogChannel channel, String identifier)
            throws IOException {
        String prefix = processName + "-" + channel.name().toLowerCase(Locale.ROOT) + "---" + identifier + "-";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Path candidate = childLogDir.resolve(prefix + randomPart() + ".log");
            try {
                return Files.createFile(candidate,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException taken) {
                // try another name, as mkstemp does
            }
        }
        throw new FileAlreadyExistsException(childLogDir.resolve(prefix + "*.log").toString(), null,
                "no free name after " + ATTEMPTS + " attempts");
    }

    /**
     * Deletes the AUTO logs (and their backups) a previous run with this identifier left behind, as supervisord
     * does at startup unless {@code nocleanup}. Upstream's regex, with the identifier taken literally.
     *
     * @return the files that could not be deleted (supervisord logs {@code Failed to clean up 'path'} for each)
     * @throws IOException if the directory cannot be listed ({@code Could not clear childlog dir})
     */
    public static List<Path> clearAutoLogs(Path childLogDir, String identifier) throws IOException {
        Pattern leftover = autoLogPattern(identifier);
        List<Path> failed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(childLogDir)) {
            for (Path entry : entries) {
                if (leftover.matcher(entry.getFileName().toString()).lookingAt()) {
                    try {
                        Files.deleteIfExists(entry);
                    } catch (IOException e) {
                        failed.add(entry);
                    }
                }
            }
        }
        return failed;
    }

    /** supervisord's {@code .+?---<identifier>-\S+\.log\.{0,1}\d{0,4}}, matched at the start of a name. */
    static Pattern autoLogPattern(String identifier) {
        return Pattern.compile(".+?---" + Pattern.quote(identifier) + "-\\S+\\.log\\.?\\d{0,4}");
    }

    private String randomPart() {
        StringBuilder part = new StringBuilder(RANDOM_LENGTH);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            part.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return part.toString();
    }
}
