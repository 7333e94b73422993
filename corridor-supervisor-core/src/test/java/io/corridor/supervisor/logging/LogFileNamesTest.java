package io.corridor.supervisor.logging;

import io.corridor.supervisor.LogChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFileNamesTest {
    @TempDir
    Path dir;

    @Test
    void createsPrivateEmptyFilesNamedLikeSupervisord() throws IOException {
        LogFileNames names = new LogFileNames();
        Path stdout = names.createAutoLog(dir, "quick", LogChannel.STDOUT, "supervisor");
        Path stderr = names.createAutoLog(dir, "web_01", LogChannel.STDERR, "supervisor");
        assertThat(stdout.getParent()).isEqualTo(dir);
        assertThat(stdout.getFileName().toString()).matches("quick-stdout---supervisor-[a-z0-9_]{8}\\.log");
        assertThat(stderr.getFileName().toString()).matches("web_01-stderr---supervisor-[a-z0-9_]{8}\\.log");
        assertThat(Files.size(stdout)).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stdout))).isEqualTo("rw-------");
    }

    @Test
    void neverReusesAName() throws IOException {
        // every name comes out twice, so each creation after the first meets a taken name and must retry
        LogFileNames names = new LogFileNames(new RandomGenerator() {
            private int calls;
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }
            @Override
            public int nextInt(int bound) {
                int nameIndex = calls / 8 / 2;
                boolean firstCharacter = calls++ % 8 == 0;
                return firstCharacter ? nameIndex % bound : 0;
            }
        });
        Set<Path> created = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            created.add(names.createAutoLog(dir, "x", LogChannel.STDOUT, "supervisor"));
        }
        assertThat(created).hasSize(20);
    }

    @Test
    void givesUpWhenEveryNameIsTaken() throws IOException {
        LogFileNames names = new LogFileNames(new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }
            @Override
            public int nextInt(int bound) {
                return 0;
            }
        });
        names.createAutoLog(dir, "x", LogChannel.STDOUT, "supervisor");
        assertThatThrownBy(() -> names.createAutoLog(dir, "x", LogChannel.STDOUT, "supervisor"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void clearsOnlyThisIdentifiersAutoLogsAndTheirBackups() throws IOException {
        List<String> leftovers = List.of("quick-stdout---supervisor-fkt7r1jy.log", "quick-stdout---supervisor-fkt7r1jy.log.1",
                "quick-stdout---supervisor-fkt7r1jy.log.10", "a-stderr---supervisor-zz.log");
        List<String> others = List.of("quick-stdout---other-fkt7r1jy.log", "app.log", "supervisor-x.log",
                "quick-stdout---supervisor.log");
        for (String name : leftovers) {
            Files.createFile(dir.resolve(name));
        }
        for (String name : others) {
            Files.createFile(dir.resolve(name));
        }
        assertThat(LogFileNames.clearAutoLogs(dir, "supervisor")).isEmpty();
        try (var remaining = Files.list(dir)) {
            assertThat(remaining.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(others);
        }
    }

    @Test
    void takesTheIdentifierLiterally() {
        assertThat(LogFileNames.autoLogPattern("a.b").matcher("x-stdout---a.b-123.log").lookingAt()).isTrue();
        assertThat(LogFileNames.autoLogPattern("a.b").matcher("x-stdout---axb-123.log").lookingAt()).isFalse();
    }

    @Test
    void aMissingDirectoryCannotBeCleared() {
        assertThatThrownBy(() -> LogFileNames.clearAutoLogs(dir.resolve("missing"), "supervisor"))
                .isInstanceOf(IOException.class);
    }
}
