package io.corridor.supervisor.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader on its own, as the ctl uses it: values, lines and the {@code [DEFAULT]} fallback. */
class IniFileTest {
    private static final Path NAME = Path.of("/etc/x.conf");

    @Test
    void keepsTheLineOfEverySectionAndKey() throws Exception {
        IniFile ini = IniFile.parse("""
                ; header comment
                [supervisorctl]
                serverurl = unix:///tmp/s.sock   ; inline
                Prompt: corridor
                [DEFAULT]
                history_file=~/.h
                [supervisorctl]
                username=a
                """, NAME);

        assertThat(ini.sectionNames()).containsExactly("supervisorctl");
        IniFile.Section section = ini.section("supervisorctl").orElseThrow();
        assertThat(section.line()).isEqualTo(2);
        assertThat(section.file()).isEqualTo(NAME);
        assertThat(ini.get("supervisorctl", "serverurl")).contains(new IniFile.Entry("unix:///tmp/s.sock", NAME, 3));
        assertThat(ini.value("supervisorctl", "prompt")).contains("corridor");
        assertThat(ini.get("supervisorctl", "username")).contains(new IniFile.Entry("a", NAME, 8));
        assertThat(ini.get("supervisorctl", "history_file")).contains(new IniFile.Entry("~/.h", NAME, 6));
        assertThat(ini.value("nosuch", "x")).isEmpty();
    }

    @Test
    void crlfAndOldMacLineEndingsCountAsLines() throws Exception {
        IniFile ini = IniFile.parse("[a]\r\nx=1\ry=2\r\n  cont\n", NAME);
        assertThat(ini.get("a", "y")).contains(new IniFile.Entry("2\ncont", NAME, 3));
    }

    @Test
    void reportsSyntaxErrorsWithPythonsText() {
        assertThatThrownBy(() -> IniFile.parse("x=1\n", NAME)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.problem()).isEqualTo("File contains no section headers.\nfile: '/etc/x.conf', line: 1\n'x=1\\n'");
        });
        assertThatThrownBy(() -> IniFile.parse("[a]\nnovalue\n[b]\n:x", NAME))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.problem()).isEqualTo("Source contains parsing errors: '/etc/x.conf'"
                            + "\n\t[line  2]: 'novalue\\n'\n\t[line  4]: ':x'");
                });
    }

    @Test
    void aFilteredReadKeepsExactlyWhatAFullReadHasForTheWantedSections(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String text = """
                [program:a]
                command=
                  sh -c "x"
                environment=A="1;2" ; comment
                [DEFAULT]
                prompt=fromdefault
                [program:b]
                command=sleep 1
                   [still a continuation]
                [supervisorctl] ; the section the client reads
                serverurl=unix:///tmp/s.sock
                username = u
                  continued
                [program:c]
                command=true
                [supervisorctl]
                password=p
                """;
        Path file = java.nio.file.Files.writeString(dir.resolve("s.conf"), text);
        IniFile full = IniFile.read(file);
        IniFile filtered = IniFile.read(file, "supervisorctl"::equals);
        assertThat(filtered.sectionNames()).containsExactly("supervisorctl");
        assertThat(filtered.items("supervisorctl")).isEqualTo(full.items("supervisorctl"));
        assertThat(filtered.section("supervisorctl").orElseThrow().line()).isEqualTo(10);
        assertThat(filtered.value("supervisorctl", "prompt")).contains("fromdefault");
        assertThat(filtered.value("supervisorctl", "username")).contains("u\ncontinued");
    }
}
