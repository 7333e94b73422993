package io.corridor.supervisor.server.xmlrpc;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Responses are byte-identical to what Debian's supervisord 4.2.5 sent (fixtures captured with curl). */
class XmlRpcCodecTest {
    private final XmlRpcParser parser = new XmlRpcParser();

    private static String fixture(String name) throws IOException {
        try (InputStream in = XmlRpcCodecTest.class.getResourceAsStream("/fixtures/supervisord/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void scalar_struct_array_and_fault_responses_match_supervisord_byte_for_byte() throws IOException {
        assertThat(XmlRpcWriter.response("3.0")).isEqualTo(fixture("getVersion.xml"));
        assertThat(XmlRpcWriter.response(true)).isEqualTo(fixture("start.xml"));
        assertThat(XmlRpcWriter.response(List.of("boolean", "string", "boolean"))).isEqualTo(fixture("sig.xml"));
        assertThat(XmlRpcWriter.response(List.of("", 0, false))).isEqualTo(fixture("tail.xml"));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("statecode", 1);
        state.put("statename", "RUNNING");
        assertThat(XmlRpcWriter.response(state)).isEqualTo(fixture("getState.xml"));
        assertThat(XmlRpcWriter.fault(10, "BAD_NAME: nosuch")).isEqualTo(fixture("fault.xml"));
        assertThat(XmlRpcWriter.fault(1, "UNKNOWN_METHOD")).isEqualTo(fixture("unknown.xml"));
        assertThat(XmlRpcWriter.fault(2, "INCORRECT_PARAMETERS")).isEqualTo(fixture("badargs.xml"));
        // multicall answers raw values and fault structs side by side (supervisord's quirk)
        assertThat(XmlRpcWriter.response(List.of(5614, XmlRpcWriter.faultStruct(10, "BAD_NAME: nosuch"))))
                .isEqualTo(fixture("multicall.xml"));
    }

    @Test
    void process_info_struct_has_supervisords_fields_types_and_order() throws IOException {
        ProcessInfo manual = new ProcessInfo("manual", "manual", "Not started", 0, 0, 1795690577L, ProcessState.STOPPED, "", 0,
                "/tmp/srvfix/manual-stdout---supervisor-3xlwqg33.log", "/tmp/srvfix/manual-stderr---supervisor-33rqjr8b.log", 0);
        ProcessInfo sleeper = new ProcessInfo("sleeper", "sleeper", "pid 5624, uptime 0:00:01", 1795690576L, 0, 1795690577L,
                ProcessState.RUNNING, "", 0, "/tmp/srvfix/sleeper-stdout---supervisor-m8k2dgf5.log",
                "/tmp/srvfix/sleeper-stderr---supervisor-f7cufpsb.log", 5624);
        String xml = XmlRpcWriter.response(List.of(SupervisorNamespace.processInfo(manual), SupervisorNamespace.processInfo(sleeper)));
        assertThat(xml).isEqualTo(fixture("getAllProcessInfo.xml"));
    }

    @Test
    void strings_are_utf8_with_only_amp_lt_gt_escaped_as_xmlrpclib_does() {
        String text = "a & b <c> \"q\" 'é' 日本 😀 &&";
        var buf = io.netty.buffer.Unpooled.directBuffer(8); // grows as it is written, as the server's does
        XmlRpcWriter.response(buf, List.of(text, Map.of("k<&>", 1.5), new byte[] {1, 2, 3}, -7L));
        String xml = buf.toString(StandardCharsets.UTF_8);
        buf.release();
        assertThat(xml).isEqualTo("""
                <?xml version='1.0'?>
                <methodResponse>
                <params>
                <param>
                <value><array><data>
                <value><string>a &amp; b &lt;c&gt; "q" 'é' 日本 😀 &amp;&amp;</string></value>
                <value><struct>
                <member>
                <name>k&lt;&amp;&gt;</name>
                <value><double>1.5</double></value>
                </member>
                </struct></value>
                <value><base64>
                AQID
                </base64></value>
                <value><int>-7</int></value>
                </data></array></value>
                </param>
                </params>
                </methodResponse>
                """);
        assertThat(XmlRpcWriter.response(List.of(text))).contains("a &amp; b &lt;c&gt; \"q\" 'é' 日本 😀 &amp;&amp;");
        String long_ = "é&".repeat(20_000) + "\ud800x" + "😀".repeat(10_000); // past the 16 KiB scratch; a lone surrogate
        assertThat(XmlRpcWriter.response(long_)).contains(("é&amp;".repeat(20_000) + "?x" + "😀".repeat(10_000)));
        assertThat(XmlRpcWriter.response(long_).getBytes(StandardCharsets.UTF_8))
                .containsSubsequence(long_.replace("&", "&amp;").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parses_typed_untyped_nested_values_and_absent_params() throws Exception {
        String body = """
                <?xml version='1.0'?>
                <methodCall><methodName>system.multicall</methodName><params>
                <param><value><array><data>
                  <value><struct>
                    <member><name>methodName</name><value>supervisor.getPID</value></member>
                    <member><name>params</name><value><array><data/></array></value></member>
                  </struct></value>
                  <value><i4>-7</i4></value><value><boolean>1</boolean></value><value><string>a &amp; b</string></value>
                  <value><double>1.5</double></value><value><base64>aGk=</base64></value><value></value>
                </data></array></value></param>
                </params></methodCall>""";
        XmlRpcCall call = parser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(call.methodName()).isEqualTo("system.multicall");
        @SuppressWarnings("unchecked") List<Object> items = (List<Object>) call.params().getFirst();
        assertThat(items.get(0)).isEqualTo(Map.of("methodName", "supervisor.getPID", "params", List.of()));
        assertThat(items.subList(1, 5)).containsExactly(-7, true, "a & b", 1.5);
        assertThat((byte[]) items.get(5)).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(items.get(6)).isEqualTo("");

        XmlRpcCall bare = parser.parse("<methodCall><methodName>supervisor.getState</methodName></methodCall>".getBytes(StandardCharsets.UTF_8));
        assertThat(bare.params()).isEmpty();
    }

    @Test
    void refuses_doctype_entities_and_malformed_documents() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <methodCall><methodName>supervisor.getProcessInfo</methodName>
                <params><param><value><string>&xxe;</string></value></param></params></methodCall>""";
        assertThatThrownBy(() -> parser.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class);
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<methodCall><methodName>&b;</methodName></methodCall>";
        assertThatThrownBy(() -> parser.parse(billionLaughs.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class);
        for (String bad : List.of("garbage", "<methodCall><params/></methodCall>", "<methodCall><methodName>x</methodName>",
                "<methodCall><methodName>x</methodName><params><param><value><int>nope</int></value></param></params></methodCall>",
                "<other/>")) {
            assertThatThrownBy(() -> parser.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(MalformedRequestException.class);
        }
        String deep = "<methodCall><methodName>x</methodName><params><param>" + "<value><array><data>".repeat(100)
                + "</data></array></value>".repeat(100) + "</param></params></methodCall>";
        assertThatThrownBy(() -> parser.parse(deep.getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedRequestException.class);
    }
}
