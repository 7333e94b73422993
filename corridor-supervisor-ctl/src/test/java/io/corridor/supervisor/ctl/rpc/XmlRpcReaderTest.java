package io.corridor.supervisor.ctl.rpc;

import io.corridor.supervisor.Fault;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlRpcReaderTest {

    @Test
    void decodesNestedValuesAsPythonsXmlrpcServerWritesThem() throws Exception {
        String xml = """
                <?xml version='1.0'?>
                <methodResponse>
                <params>
                <param>
                <value><array><data>
                <value><struct>
                <member>
                <name>name</name>
                <value><string>a &lt;b&gt; &amp; &#233;&#x41;</string></value>
                </member>
                <member>
                <name>pid</name>
                <value><int>42</int></value>
                </member>
                <member><name>ok</name><value><boolean>1</boolean></value></member>
                <member><name>ratio</name><value><double>0.5</double></value></member>
                <member><name>untyped</name><value> spaced </value></member>
                <member><name>nothing</name><value><nil/></value></member>
                <member><name>empty</name><value><string></string></value></member>
                <member><name>raw</name><value><base64>aGk=</base64></value></member>
                <member><name>big</name><value><i8>4294967296</i8></value></member>
                </struct></value>
                <value><array><data/></array></value>
                </data></array></value>
                </param>
                </params>
                </methodResponse>
                """;
        List<?> result = (List<?>) XmlRpcReader.methodResponse(xml);
        Map<?, ?> struct = (Map<?, ?>) result.get(0);
        assertThat(struct.get("name")).isEqualTo("a <b> & éA");
        assertThat(struct.get("pid")).isEqualTo(42);
        assertThat(struct.get("ok")).isEqualTo(true);
        assertThat(struct.get("ratio")).isEqualTo(0.5);
        assertThat(struct.get("untyped")).isEqualTo(" spaced ");
        assertThat(struct.containsKey("nothing")).isTrue();
        assertThat(struct.get("nothing")).isNull();
        assertThat(struct.get("empty")).isEqualTo("");
        assertThat((byte[]) struct.get("raw")).asString().isEqualTo("hi");
        assertThat(struct.get("big")).isEqualTo(4294967296L);
        assertThat(result.get(1)).isEqualTo(List.of());
    }

    @Test
    void toleratesCommentsAttributesSpacesAndEmptyElements() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!-- a -- comment --><methodResponse>"
                + "<params><param><value><struct >"
                + "<member><name>s</name><value><string/></value></member>"
                + "<member><name>a</name><value><array><data/></array></value></member>"
                + "<member><name>n</name><value><int> -7 </int ></value></member>"
                + "<member><name>crlf</name><value><string lang=\"x\">a\r\nb</string></value></member>"
                + "<member><name>u</name><value>ünïcode</value></member>"
                + "</struct></value></param></params></methodResponse>";
        Map<?, ?> struct = (Map<?, ?>) XmlRpcReader.methodResponse(xml);
        assertThat(struct.get("s")).isEqualTo("");
        assertThat(struct.get("a")).isEqualTo(List.of());
        assertThat(struct.get("n")).isEqualTo(-7);
        assertThat(struct.get("crlf")).isEqualTo("a\nb");
        assertThat(struct.get("u")).isEqualTo("ünïcode");
    }

    @Test
    void namesWhatIsMissingInATruncatedAnswer() {
        assertThatThrownBy(() -> XmlRpcReader.methodResponse(
                "<methodResponse><params><param><value><string>cut")).hasMessageContaining("missing </string>");
        assertThatThrownBy(() -> XmlRpcReader.methodResponse(
                "<methodResponse><params><param><value><int>12x</int></value>")).hasMessageContaining("integer");
        assertThatThrownBy(() -> XmlRpcReader.methodResponse(
                "<methodResponse><params><param><value><int>5\u00e9</int></value>")).hasMessageContaining("integer");
        assertThatThrownBy(() -> XmlRpcReader.methodResponse(
                "<methodResponse><params><param><value><i8>9223372036854775808</i8></value>"))
                .hasMessageContaining("integer");
    }

    @Test
    void readsSixtyFourBitIntegersToTheirLimits() throws Exception {
        for (long value : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_000_000_000_000L, -2147483649L}) {
            String xml = "<methodResponse><params><param><value><i8> " + value + " </i8></value></param></params>"
                    + "</methodResponse>";
            assertThat(XmlRpcReader.methodResponse(xml)).isEqualTo(value);
        }
    }

    @Test
    void throwsTheFaultTheServerSent() {
        String xml = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n"
                + "<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n"
                + "<member>\n<name>faultString</name>\n<value><string>BAD_NAME: x</string></value>\n</member>\n"
                + "</struct></value>\n</fault>\n</methodResponse>\n";
        assertThatThrownBy(() -> XmlRpcReader.methodResponse(xml)).isInstanceOfSatisfying(XmlRpcFault.class, f -> {
            assertThat(f.code()).isEqualTo(Fault.BAD_NAME.code());
            assertThat(f.faultString()).isEqualTo("BAD_NAME: x");
        });
    }

    @Test
    void refusesDtdsAndUnknownEntities() {
        assertThatThrownBy(() -> XmlRpcReader.methodResponse(
                "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e 'boom'>]><methodResponse/>"))
                .hasMessageContaining("DTD");
        assertThatThrownBy(() -> XmlRpcReader.methodResponse(
                "<methodResponse><params><param><value><string>&e;</string></value></param></params></methodResponse>"))
                .hasMessageContaining("entity");
    }

    @Test
    void writerEscapesAndTypesParameters() {
        String xml = new String(XmlRpcWriter.methodCall("supervisor.x", List.of("a<&>", -1600, true)),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(xml).contains("<methodName>supervisor.x</methodName>",
                "<value><string>a&lt;&amp;&gt;</string></value>", "<value><int>-1600</int></value>",
                "<value><boolean>1</boolean></value>");
    }

    @Test
    void parsesServerUrls() {
        assertThat(ServerUrl.parseOrNull("unix:///tmp/s.sock").unixPath()).isEqualTo("/tmp/s.sock");
        ServerUrl http = ServerUrl.parseOrNull("http://localhost:9001/RPC2");
        assertThat(http.host()).isEqualTo("localhost");
        assertThat(http.port()).isEqualTo(9001);
        assertThat(ServerUrl.parseOrNull("http://example.org").port()).isEqualTo(80);
        assertThat(ServerUrl.parseOrNull("ftp://x")).isNull();
    }
}
