package io.corridor.supervisor.server;

import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.SupervisorState;
import io.corridor.supervisor.config.SupervisorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** supervisor.* and system.* over HTTP: names, signatures, shapes and faults as supervisord answers them. */
class XmlRpcMethodsTest {
    @TempDir Path dir;
    private ServerFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = ServerFixture.standard(dir);
        fx.supervisor.force("sleeper", ProcessState.RUNNING);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static String param(Object v) {
        return "<param><value>" + switch (v) {
            case Integer i -> "<int>" + i + "</int>";
            case Boolean b -> "<boolean>" + (b ? 1 : 0) + "</boolean>";
            default -> "<string>" + v + "</string>";
        } + "</value></param>";
    }

    private String rpc(String method, Object... params) throws IOException {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?>\n<methodCall>\n<methodName>").append(method)
                .append("</methodName>\n<params>\n");
        for (Object p : params) sb.append(param(p));
        sb.append("</params>\n</methodCall>\n");
        return rpcRaw(sb.toString());
    }

    private String rpcRaw(String body) throws IOException {
        try (RawHttp c = fx.unixClient()) {
            var r = c.post("/RPC2", "text/xml", body, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("text/xml");
            return r.text();
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = XmlRpcMethodsTest.class.getResourceAsStream("/fixtures/supervisord/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String strings(String xml) {
        StringBuilder sb = new StringBuilder();
        Matcher m = Pattern.compile("<string>([^<]*)</string>").matcher(xml);
        while (m.find()) sb.append(m.group(1)).append('\n');
        return sb.toString();
    }

    @Test
    void system_introspection_matches_supervisord() throws Exception {
        // the same method list, in the same order, as Debian's supervisord 4.2.5 (captured into listMethods), with
        // corridor's own namespace as an [rpcinterface:x] extension would add one
        assertThat(strings(rpc("system.listMethods"))).isEqualTo(String.join("\n", "corridor.rotateLogs",
                "supervisor.addProcessGroup", "supervisor.clearAllProcessLogs", "supervisor.clearLog",
                "supervisor.clearProcessLog", "supervisor.clearProcessLogs", "supervisor.getAPIVersion",
                "supervisor.getAllConfigInfo", "supervisor.getAllProcessInfo", "supervisor.getIdentification",
                "supervisor.getPID", "supervisor.getProcessInfo", "supervisor.getState", "supervisor.getSupervisorVersion",
                "supervisor.getVersion", "supervisor.readLog", "supervisor.readMainLog", "supervisor.readProcessLog",
                "supervisor.readProcessStderrLog", "supervisor.readProcessStdoutLog", "supervisor.reloadConfig",
                "supervisor.removeProcessGroup", "supervisor.restart", "supervisor.sendProcessStdin",
                "supervisor.sendRemoteCommEvent", "supervisor.shutdown", "supervisor.signalAllProcesses",
                "supervisor.signalProcess", "supervisor.signalProcessGroup", "supervisor.startAllProcesses",
                "supervisor.startProcess", "supervisor.startProcessGroup", "supervisor.stopAllProcesses",
                "supervisor.stopProcess", "supervisor.stopProcessGroup", "supervisor.tailProcessLog",
                "supervisor.tailProcessStderrLog", "supervisor.tailProcessStdoutLog", "system.listMethods",
                "system.methodHelp", "system.methodSignature", "system.multicall") + "\n");
        assertThat(rpc("system.methodSignature", "supervisor.startProcess")).isEqualTo(fixture("sig.xml"));
        assertThat(rpc("system.methodHelp", "supervisor.startProcess")).contains("Start a process").contains("@param string name");
        assertThat(rpc("system.methodHelp", "nope.nope")).contains("<int>4</int>").contains("SIGNATURE_UNSUPPORTED");
    }

    @Test
    void multicall_answers_raw_values_and_faults_and_forbids_recursion() throws Exception {
        String call = """
                <?xml version='1.0'?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data>
                <value><struct><member><name>methodName</name><value>supervisor.getAPIVersion</value></member>
                <member><name>params</name><value><array><data></data></array></value></member></struct></value>
                <value><struct><member><name>methodName</name><value>supervisor.getProcessInfo</value></member>
                <member><name>params</name><value><array><data><value>nosuch</value></data></array></value></member></struct></value>
                <value><struct><member><name>methodName</name><value>system.multicall</value></member></struct></value>
                </data></array></value></param></params></methodCall>""";
        String xml = rpcRaw(call);
        assertThat(xml).contains("<value><array><data>\n<value><string>3.0</string></value>\n<value><struct>\n"
                + "<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n<member>\n<name>faultString</name>\n"
                + "<value><string>BAD_NAME: nosuch</string></value>\n</member>\n</struct></value>\n");
        assertThat(xml).contains("INCORRECT_PARAMETERS: Recursive system.multicall forbidden");
    }

    @Test
    void process_methods_shapes_and_faults() throws Exception {
        assertThat(rpc("supervisor.getState")).isEqualTo(fixture("getState.xml"));
        assertThat(rpc("supervisor.getAPIVersion")).isEqualTo(fixture("getVersion.xml"));
        assertThat(rpc("supervisor.getProcessInfo", "nosuch")).isEqualTo(fixture("fault.xml"));
        assertThat(rpc("supervisor.getPID")).contains("<value><int>" + ProcessHandle.current().pid() + "</int></value>");
        assertThat(rpc("supervisor.getIdentification")).contains("<string>supervisor</string>");
        assertThat(rpc("supervisor.getProcessInfo", "sleeper"))
                .contains("<name>statename</name>\n<value><string>RUNNING</string></value>")
                .contains("<name>state</name>\n<value><int>20</int></value>");
        // g:* delegates to the group method and answers its array
        String group = rpc("supervisor.startProcess", "grp:*");
        assertThat(group).contains("<name>name</name>\n<value><string>a</string></value>")
                .contains("<name>status</name>\n<value><int>80</int></value>")
                .contains("<name>description</name>\n<value><string>OK</string></value>");
        assertThat(rpc("supervisor.startProcess", "sleeper", false)).contains("<int>60</int>").contains("ALREADY_STARTED: sleeper");
        assertThat(rpc("supervisor.stopProcess", "manual")).contains("<int>70</int>").contains("NOT_RUNNING: manual");
        assertThat(rpc("supervisor.signalProcess", "sleeper", "BOGUS")).contains("<int>11</int>");
        assertThat(rpc("supervisor.reloadConfig")).contains("<value><array><data>\n<value><array><data>\n"
                + "<value><array><data>\n</data></array></value>\n<value><array><data>\n</data></array></value>\n"
                + "<value><array><data>\n</data></array></value>\n</data></array></value>\n</data></array></value>");
        assertThat(rpc("supervisor.sendRemoteCommEvent", "t", "d")).contains("<boolean>1</boolean>");
        assertThat(fx.supervisor.remoteEvents).containsExactly("t\nd");
    }

    @Test
    void config_info_has_supervisords_fields_and_types() throws Exception {
        String xml = rpc("supervisor.getAllConfigInfo");
        String sleeper = xml.substring(xml.indexOf("<value><string>sleeper</string>") - 600);
        for (String field : new String[]{"autostart", "directory", "uid", "command", "exitcodes", "group", "group_prio", "inuse",
                "killasgroup", "name", "process_prio", "redirect_stderr", "startretries", "startsecs", "stdout_capture_maxbytes",
                "stdout_events_enabled", "stdout_logfile", "stdout_logfile_backups", "stdout_logfile_maxbytes", "stdout_syslog",
                "stopsignal", "stopwaitsecs", "stderr_logfile", "serverurl"}) {
            assertThat(xml).contains("<name>" + field + "</name>");
        }
        assertThat(xml).contains("<name>directory</name>\n<value><string>none</string></value>")
                .contains("<name>stopsignal</name>\n<value><int>15</int></value>")
                .contains("<name>inuse</name>\n<value><boolean>1</boolean></value>")
                .contains("<name>exitcodes</name>\n<value><array><data>\n<value><int>0</int></value>\n</data></array></value>")
                .contains("<name>serverurl</name>\n<value><string>none</string></value>");
        assertThat(sleeper).isNotEmpty();
    }

    /** The answer is kept between calls (ConfigInfoStructs): a config read since must show in the next one. */
    @Test
    void config_info_follows_the_config_read_last() throws Exception {
        String first = rpc("supervisor.getAllConfigInfo");
        assertThat(rpc("supervisor.getAllConfigInfo")).isEqualTo(first);
        SupervisorConfig c = fx.supervisor.config();
        fx.supervisor.setPending(new SupervisorConfig(c.source(), c.supervisord(), c.unixHttpServer(), c.inetHttpServer(),
                c.supervisorctl(), c.groups().stream().filter(g -> !g.name().equals("sleeper")).toList(), c.warnings()));
        String reread = rpc("supervisor.getAllConfigInfo");
        assertThat(first).contains("<value><string>sleeper</string>");
        assertThat(reread).doesNotContain("<value><string>sleeper</string>").contains("<value><string>grp</string>");
        fx.supervisor.setPending(c);
        assertThat(rpc("supervisor.getAllConfigInfo")).isEqualTo(first);
    }

    @Test
    void logs_read_tail_and_clear() throws Exception {
        fx.supervisor.appendLog("sleeper", LogChannel.STDOUT, "0123456789");
        assertThat(rpc("supervisor.readProcessStdoutLog", "sleeper", -4, 0)).contains("<string>6789</string>");
        assertThat(rpc("supervisor.readProcessLog", "sleeper", 1, 2)).contains("<string>12</string>");
        assertThat(rpc("supervisor.readProcessStderrLog", "sleeper", 0, 0)).contains("<int>20</int>").contains("NO_FILE");
        assertThat(rpc("supervisor.readProcessStdoutLog", "sleeper", -1, 5)).contains("<int>3</int>").contains("BAD_ARGUMENTS");
        assertThat(rpc("supervisor.tailProcessStdoutLog", "sleeper", 0, 4))
                .contains("<value><string>6789</string></value>\n<value><int>10</int></value>\n<value><boolean>1</boolean></value>");
        assertThat(rpc("supervisor.clearProcessLogs", "sleeper")).contains("<boolean>1</boolean>");
        assertThat(rpc("supervisor.readProcessStdoutLog", "sleeper", 0, 0)).contains("<value><string></string></value>");
        assertThat(rpc("supervisor.sendProcessStdin", "sleeper", "hi\n")).contains("<boolean>1</boolean>");
        assertThat(fx.supervisor.proc("sleeper").stdin).containsExactly("hi\n");
    }

    @Test
    void every_supervisor_call_is_refused_while_shutting_down() throws Exception {
        fx.supervisor.setState(SupervisorState.SHUTDOWN);
        assertThat(rpc("supervisor.getState")).contains("<int>6</int>").contains("SHUTDOWN_STATE");
        assertThat(rpc("supervisor.getAllProcessInfo")).contains("SHUTDOWN_STATE");
        assertThat(rpc("system.listMethods")).contains("supervisor.getState");
    }

    @Test
    void logtail_streams_the_backlog_then_appends_and_announces_truncation() throws Exception {
        fx.supervisor.appendLog("sleeper", LogChannel.STDOUT, "x".repeat(2000) + "END\n");
        try (RawHttp c = fx.unixClient()) {
            c.send("GET", "/logtail/sleeper", Map.of(), new byte[0]);
            var head = c.readResponse(Duration.ofSeconds(10));
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("text/plain;charset=utf-8");
            assertThat(head.header("X-Accel-Buffering")).isEqualTo("no");
            assertThat(head.header("Last-Modified")).isNotNull();
            String first = c.readUntil("END\n", Duration.ofSeconds(10));
            assertThat(first.chars().filter(ch -> ch == 'x').count()).isEqualTo(1020);   // the last 1024 bytes
            java.nio.file.Files.write(fx.supervisor.processLogFile("sleeper", LogChannel.STDOUT), "new\n".getBytes(StandardCharsets.UTF_8));
            c.readUntil("==> File truncated <==\n", Duration.ofSeconds(10));
            c.readUntil("new\n", Duration.ofSeconds(10));
        }
        try (RawHttp c = fx.unixClient()) {
            assertThat(c.get("/logtail/nosuch", null).status()).isEqualTo(404);
            assertThat(c.get("/logtail/sleeper/stderr", null).status()).isEqualTo(404);
        }
        java.nio.file.Files.writeString(fx.supervisor.mainLogFile(), "main line\n");
        try (RawHttp c = fx.unixClient()) {
            c.send("GET", "/mainlogtail", Map.of(), new byte[0]);
            assertThat(c.readResponse(Duration.ofSeconds(10)).status()).isEqualTo(200);
            c.readUntil("main line\n", Duration.ofSeconds(10));
        }
    }
}
