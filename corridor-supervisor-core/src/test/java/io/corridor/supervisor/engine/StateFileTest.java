package io.corridor.supervisor.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateFileTest {
    @TempDir Path dir;

    @Test
    void roundTripsAndReplacesAtomically() throws IOException {
        StateFile f = new StateFile(dir.resolve("sub/supervisord.state"));
        assertThat(f.read()).isEqualTo(InstanceState.EMPTY);
        InstanceState s = new InstanceState(42, 4343, Optional.of("/sys/fs/cgroup/x y"),
                List.of(new InstanceState.Child(7, 77, "web:web_00"), new InstanceState.Child(8, 88, "name with space")),
                Map.of("web:web_01", 1700000000000L));
        f.write(s);
        assertThat(f.read()).isEqualTo(s);
        f.write(InstanceState.EMPTY);
        assertThat(f.read()).isEqualTo(InstanceState.EMPTY);
        try (var files = Files.list(dir.resolve("sub"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("supervisord.state");
        }
    }

    @Test
    void aForeignFileIsRefusedWithItsName() throws IOException {
        Path p = dir.resolve("x.state");
        Files.writeString(p, "hello\n");
        assertThatThrownBy(() -> new StateFile(p).read()).hasMessageContaining(p.toString());
        Files.writeString(p, "corridor-state 1\nchild x y z\n");
        assertThatThrownBy(() -> new StateFile(p).read()).hasMessageContaining(p + ":2");
    }
}
