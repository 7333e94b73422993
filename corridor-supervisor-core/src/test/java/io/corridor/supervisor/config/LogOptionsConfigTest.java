package io.corridor.supervisor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** corridor's log keys in [program:x]: read per stream, defaults are supervisord's behaviour, errors at file:line. */
class LogOptionsConfigTest {
    @TempDir Path tmp;

    private SupervisorConfig load(String program) throws Exception {
        Path conf = Files.writeString(tmp.resolve("supervisord.conf"), "[supervisord]\n[program:x]\ncommand=/bin/cat\n"
                + program);
        return ConfigLoader.load(conf, new LoadContext(Map.of("HOME", "/root"), "node", tmp, tmp));
    }

    private static ProcessSpec only(SupervisorConfig config) {
        return config.groups().getFirst().processes().getFirst();
    }

    @Test
    void defaultsArePlainBytesAndSizeRotationOnly() throws Exception {
        SupervisorConfig config = load("");
        assertThat(only(config).stdout().options()).isEqualTo(LogOptions.PLAIN);
        assertThat(only(config).stderr().options()).isEqualTo(LogOptions.PLAIN);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void everyKeyIsReadAndAStreamOverridesTheFormat() throws Exception {
        SupervisorConfig config = load("""
                log_format = timestamp
                stderr_log_format = json
                log_timestamp_format = %H:%M:%S.%L
                stdout_logfile_rotate = hourly
                stderr_logfile_rotate = daily
                stderr_logfile_compress = true
                """);
        LogOptions out = only(config).stdout().options();
        LogOptions err = only(config).stderr().options();
        assertThat(out).isEqualTo(new LogOptions(LogFormat.TIMESTAMP, new Strftime("%H:%M:%S.%L"), false,
                TimeRotation.HOURLY, false));
        assertThat(err).isEqualTo(new LogOptions(LogFormat.JSON, new Strftime("%H:%M:%S.%L"), false,
                TimeRotation.DAILY, true));
        assertThat(config.warnings()).isEmpty();   // the keys are known: no "unknown key" warning
        assertThat(load("stdout_logfile=/dev/stdout\nlog_prefix=true\n").groups().getFirst().processes()
                .getFirst().stdout().options().prefix()).isTrue();
    }

    @Test
    void badValuesAreErrorsAtTheirLine() {
        assertError("log_format = yaml\n", 4, "log_format", "not a log format");
        assertError("stdout_logfile_rotate = weekly\n", 4, "stdout_logfile_rotate", "not a time rotation");
        assertError("log_timestamp_format = %Y %Q\n", 4, "log_timestamp_format", "unknown field '%Q'");
        assertError("stdout_logfile_compress = maybe\n", 4, "stdout_logfile_compress", "not a valid boolean");
        assertError("log_prefix = true\nlog_format = json\n", 5, "log_format", "cannot be combined");
    }

    private void assertError(String program, int line, String key, String problem) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(program));
        assertThat(e).as(program).isNotNull();
        assertThat(e.line()).as(program).isEqualTo(line);
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.problem()).contains(problem);
    }
}
