package io.corridor.supervisor.engine;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.AutoRestart;
import io.corridor.supervisor.os.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static io.corridor.supervisor.engine.TestSpecs.config;
import static io.corridor.supervisor.engine.TestSpecs.program;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the child sees: environment, working directory, umask, user, process group, descriptors. */
class ChildSetupTest {
    @TempDir Path dir;

    @Test
    void environmentDirectoryUmaskAndSessionAreTheChildsOwn(@TempDir Path work) throws Exception {
        Path out = work.resolve("seen");
        String script = "env > " + out + ".env; pwd > " + out + ".pwd; umask > " + out + ".umask; "
                + "ls /proc/self/fd > " + out + ".fds; cat /proc/self/stat > " + out + ".stat; exec sleep 1000";
        var p = program("probe", "sh", "-c", script).startSecs(0).directory(work).umask(027)
                .env("GREETING", "hello world").env("PATH", "/usr/bin:/bin");
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            long pid = f.awaitState("probe", ProcessState.RUNNING).pid();
            EngineFixture.await("probe output", () -> Files.exists(Path.of(out + ".stat")), Duration.ofSeconds(10));
            EngineFixture.await("probe exec'd", () -> comm(pid).equals("sleep"), Duration.ofSeconds(10));
            Map<String, String> env = Files.readAllLines(Path.of(out + ".env")).stream().filter(l -> l.contains("="))
                    .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
            assertThat(env).containsEntry("SUPERVISOR_ENABLED", "1").containsEntry("SUPERVISOR_PROCESS_NAME", "probe")
                    .containsEntry("SUPERVISOR_GROUP_NAME", "probe").containsEntry("GREETING", "hello world")
                    .containsEntry("PATH", "/usr/bin:/bin").doesNotContainKey("SUPERVISOR_SERVER_URL");
            assertThat(Files.readString(Path.of(out + ".pwd")).strip()).isEqualTo(work.toRealPath().toString());
            assertThat(Files.readString(Path.of(out + ".umask")).strip()).isEqualTo("0027");
            // only 0, 1, 2 and the fd ls itself opened: nothing of the JVM leaked
            assertThat(Files.readAllLines(Path.of(out + ".fds"))).hasSizeLessThanOrEqualTo(4);
            // the umask wrapper exec'd in place: the pid we manage is the program, in its own session and group
            String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
            assertThat(stat[2]).as("pgid").isEqualTo(Long.toString(pid));
            assertThat(stat[3]).as("sid").isEqualTo(Long.toString(pid));
        }
    }

    @Test
    void userSwitchRunsTheChildAsThatUser() throws Exception {
        assumeTrue(Users.currentUid() == 0, "switching users needs root");
        var p = program("asnobody", "sleep", "1000").startSecs(0).user("nobody");
        try (var f = new EngineFixture(config(dir, p.asGroup()))) {
            long pid = f.awaitState("asnobody", ProcessState.RUNNING).pid();
            EngineFixture.await("setpriv exec'd", () -> comm(pid).equals("sleep"), Duration.ofSeconds(10));
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            assertThat(status).containsPattern("(?m)^Uid:\\s+65534\\s+65534\\s+65534\\s+65534$")
                    .containsPattern("(?m)^Gid:\\s+65534\\s");
            String environ = Files.readString(Path.of("/proc/" + pid + "/environ"));
            assertThat(environ).contains("USER=nobody").contains("LOGNAME=nobody");
        }
    }

    @Test
    void userSwitchWithoutRootIsASpawnErrorForThatProgramOnly() {
        assumeTrue(Users.currentUid() != 0, "only meaningful when not root");
        var p = program("other", "sleep", "1000").startSecs(0).startRetries(0).user("nobody");
        var fine = program("fine", "sleep", "1000").startSecs(0);
        try (var f = new EngineFixture(config(dir, p.asGroup(), fine.asGroup()))) {
            assertThat(f.awaitState("other", ProcessState.FATAL).spawnErr()).contains("couldn't setuid");
            f.awaitState("fine", ProcessState.RUNNING);
        }
    }

    @Test
    void missingCommandIsASpawnErrorAndGivesUpWithoutSleeping() {
        var p = program("ghost", "no-such-command-xyz").startRetries(1).autoRestart(AutoRestart.FALSE);
        var dirCmd = program("dircmd", "/tmp").startRetries(0);
        try (var f = new EngineFixture(config(dir, p.asGroup(), dirCmd.asGroup()))) {
            assertThat(f.awaitState("ghost", ProcessState.FATAL).description())
                    .isEqualTo("can't find command 'no-such-command-xyz'");
            assertThat(f.awaitState("dircmd", ProcessState.FATAL).description()).isEqualTo("command at '/tmp' is a directory");
            assertThat(f.mainLog()).contains("INFO spawnerr: can't find command 'no-such-command-xyz'");
            assertThat(Fault.NO_FILE.code()).isEqualTo(20);
        }
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (Exception e) {
            return "";
        }
    }
}
