package io.corridor.supervisor.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Python {@code %}, shlex and the key=value grammar, against outputs taken from python3. */
class ExpansionAndLexingTest {
    private static final Map<String, Object> NAMES = Map.of("program_name", "web", "process_num", 7,
            "numprocs", 12, "neg", -5);

    private static String fmt(String template) throws PercentFormat.FormatError {
        return PercentFormat.format(template, NAMES);
    }

    @Test
    void formatsLikePython() throws Exception {
        // each right-hand side is python3's  template % NAMES
        assertThat(fmt("%(program_name)s_%(process_num)02d")).isEqualTo("web_07");
        assertThat(fmt("%(process_num)01d|%(numprocs)d|100%%")).isEqualTo("7|12|100%");
        assertThat(fmt("[%(process_num)-4d][%(process_num)4s][%(program_name).2s]")).isEqualTo("[7   ][   7][we]");
        assertThat(fmt("%(process_num)+d %(process_num) d %(neg)05d %(neg)+d")).isEqualTo("+7  7 -0005 -5");
        assertThat(fmt("%(numprocs)x %(numprocs)X %(numprocs)#x %(numprocs)#o %(numprocs)o"))
                .isEqualTo("c C 0xc 0o14 14");
        assertThat(fmt("%(process_num).3d %(process_num)#06x")).isEqualTo("007 0x0007");
        assertThat(fmt("%(program_name)r %(process_num)r %(process_num)c")).isEqualTo("'web' 7 \u0007");
        assertThat(fmt("%(numprocs).2f %(numprocs)e %(numprocs)g")).isEqualTo("12.00 1.200000e+01 12");
        assertThat(fmt("no names")).isEqualTo("no names");
    }

    @Test
    void formatErrorsCarryPythonsMessages() {
        assertThatThrownBy(() -> fmt("%(nope)s")).hasMessage("'nope'");
        assertThatThrownBy(() -> fmt("x %(program_name)y")).hasMessage("unsupported format character 'y' (0x79) at index 17");
        assertThatThrownBy(() -> fmt("100%")).hasMessage("incomplete format");
        assertThatThrownBy(() -> fmt("%(program_name")).hasMessage("incomplete format key");
        assertThatThrownBy(() -> fmt("%(program_name)d")).hasMessage("%d format: a real number is required, not str");
        assertThatThrownBy(() -> Expansion.expand("%(x)s", Map.of("b", 1, "a", 2), "program:p.command"))
                .hasMessage("Format string '%(x)s' for 'program:p.command' contains names ('x') which cannot be "
                        + "expanded. Available names: a, b");
    }

    @Test
    void splitsCommandsAsShlexSplit() {
        assertThat(Shlex.split("\nbash -c \"a && b\"")).containsExactly("bash", "-c", "a && b");
        assertThat(Shlex.split("/bin/echo a\\ b \"c \\\"d\\\" \\e\" 'f\\g' h\"i j\"k \"\""))
                .containsExactly("/bin/echo", "a b", "c \"d\" \\e", "f\\g", "hi jk", "");
        assertThat(Shlex.split("  ")).isEmpty();
        assertThatThrownBy(() -> Shlex.split("bash -c 'foo")).hasMessage("No closing quotation");
        assertThatThrownBy(() -> Shlex.split("x \\")).hasMessage("No escaped character");
    }

    @Test
    void readsEnvironmentPairsAsSupervisor() {
        assertThat(Datatypes.keyValuePairs("A=\"1,2\",B='x y',C=val:123,D=\"esc \\\"q\\\"\""))
                .containsExactly(Map.entry("A", "1,2"), Map.entry("B", "x y"), Map.entry("C", "val:123"),
                        Map.entry("D", "esc \"q\""));
        assertThat(Datatypes.keyValuePairs("")).isEmpty();
        assertThat(Datatypes.keyValuePairs("\nC_FORCE_ROOT=1,\nX=2")).containsExactly(Map.entry("C_FORCE_ROOT", "1"),
                Map.entry("X", "2"));
        assertThat(Datatypes.keyValuePairs("A=1#comment")).containsExactly(Map.entry("A", "1"));
        assertThatThrownBy(() -> Datatypes.keyValuePairs("A=1,B"))
                .hasMessage("Unexpected end of key/value pairs in value 'A=1,B'");
    }

    @Test
    void coercesDatatypesAsSupervisor() {
        assertThat(Datatypes.byteSize("50MB")).isEqualTo(50L * 1024 * 1024);
        assertThat(Datatypes.byteSize("1kb")).isEqualTo(1024);
        assertThat(Datatypes.byteSize("7")).isEqualTo(7);
        assertThat(Datatypes.octal("022")).isEqualTo(18);
        assertThat(Datatypes.octal("0o700")).isEqualTo(0700);
        assertThat(Datatypes.signal("sigterm")).isEqualTo(15);
        assertThat(Datatypes.signal("HUP")).isEqualTo(1);
        assertThat(Datatypes.bool("On")).isTrue();
        assertThat(Datatypes.integer(" +1_000 ")).isEqualTo(1000);
        assertThat(Datatypes.inetAddress("*:9001")).isEqualTo(new Datatypes.InetAddress("", 9001));
        assertThat(Datatypes.inetAddress("LocalHost:9001")).isEqualTo(new Datatypes.InetAddress("localhost", 9001));
        assertThat(Datatypes.inetAddress("9001")).isEqualTo(new Datatypes.InetAddress("", 9001));
        assertThat(Datatypes.url("unix:///tmp/s.sock")).isEqualTo("unix:///tmp/s.sock");
        assertThatThrownBy(() -> Datatypes.url("nope")).hasMessage("value 'nope' is not a URL");
        assertThatThrownBy(() -> Datatypes.bool("maybe")).hasMessage("not a valid boolean value: 'maybe'");
        assertThatThrownBy(() -> Datatypes.byteSize("1.5MB"))
                .hasMessage("invalid literal for int() with base 10: '1.5'");
    }
}
