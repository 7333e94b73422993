package io.corridor.supervisor.server.xmlrpc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request parser against the JDK's StAX-based one it replaced ({@link StaxXmlRpcParser}): the same values for
 * what clients send, a refusal for what is not well-formed XML-RPC.
 */
class XmlRpcParserTest {
    private final XmlRpcParser parser = new XmlRpcParser();
    private final StaxXmlRpcParser stax = new StaxXmlRpcParser();

    private static final String CALL = "<methodCall><methodName>m</methodName><params><param>%s</param></params></methodCall>";

    @Test
    void decodes_what_pythons_xmlrpc_client_sends_as_stax_did() throws Exception {
        // xmlrpc.client.dumps((...every type..., "...\r\n..."), "supervisor.sendProcessStdin", allow_none=True), Python 3.11
        byte[] body;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/xmlrpclib/sendProcessStdin-all-types.xml")) {
            body = in.readAllBytes();
        }
        XmlRpcCall call = parser.parse(body);
        assertThat(call.methodName()).isEqualTo("supervisor.sendProcessStdin");
        assertThat(call.params().subList(0, 5))
                .containsExactly("proc:name", 42, true, 1.5, "a & b <c> \"q\" 'é' 日本 😀\nline2\ttab");
        assertThat((byte[]) call.params().get(5)).containsExactly(0, 1, 'h', 'i');
        assertThat(call.params().subList(6, 11)).containsExactly("20261202T10:30:00", "",
                List.of(1, List.of("nested", Map.of())), Map.of("k<&>", -7, "empty", ""), "");
        assertSameAsStax(body);
    }

    @Test
    void decodes_the_xml_that_other_clients_may_send_as_stax_did() throws Exception {
        List<String> bodies = List.of(
                "\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<methodCall>\r\n<methodName>\r\n m \r\n</methodName>\r\n</methodCall>\r\n",
                call("<value><string><![CDATA[<not> & markup]]>, &#233;&#x1F600;&quot;&apos;&gt;\r\r\n</string></value>"),
                call("<value encoding='x' other=\"y\"><string/></value>"),
                call("<value><struct/></value>"),
                call("<value><array><data/></array></value>"),
                call("<value> <i4> +12 </i4> </value>"),
                call("<value><i8>-2147483648</i8></value>"),
                call("<value><double>-1e3</double></value>"),
                call("<value><boolean> 0 </boolean></value>"),
                call("<value><base64>aGVs\nbG8=</base64></value>"),
                call("<value>  untyped &amp; spaced  </value>"),
                call("<value></value>"),
                call("<value><struct><member><value><int>1</int></value><name>late name</name></member></struct></value>"),
                "<!-- before --><?pi?><methodCall><methodName>m</methodName><params/></methodCall><!-- after -->\n");
        for (String body : bodies) {
            assertSameAsStax(body.getBytes(StandardCharsets.UTF_8));
        }
        // StAX failed here with an IllegalStateException (an HTTP 500): comments inside text are simply skipped now
        assertThat(parser.parse(call("<value><string>a<!-- a comment -->b<?pi data?>c</string></value>")
                .getBytes(StandardCharsets.UTF_8)).params()).containsExactly("abc");
        String latin1 = "<?xml version='1.0' encoding='ISO-8859-1'?>" + call("<value><string>caf\u00e9</string></value>");
        assertThat(parser.parse(latin1.getBytes(StandardCharsets.ISO_8859_1)).params()).containsExactly("café");
        assertSameAsStax(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void refuses_what_stax_refused() {
        List<String> bodies = List.of(
                "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><methodCall><methodName>&x;</methodName></methodCall>",
                "<!DOCTYPE methodCall SYSTEM \"http://example.invalid/x.dtd\"><methodCall><methodName>m</methodName></methodCall>",
                call("<value><string>&undeclared;</string></value>"),
                call("<value><string>&#0;</string></value>"),
                call("<value><string>&#xD800;</string></value>"),
                call("<value><string>&#x110000;</string></value>"),
                call("<value><string>&#99999999999;</string></value>"),
                call("<value><string>&#;</string></value>"),
                "<methodCall a=\"&undeclared;\"><methodName>m</methodName></methodCall>",
                "<methodCall a=\"a & b\"><methodName>m</methodName></methodCall>",
                "<methodCall a=\"&#0;\"><methodName>m</methodName></methodCall>",
                call("<value><string>&#xZZ;</string></value>"),
                call("<value><string>&#١٢;</string></value>"),
                call("<value><string>& alone</string></value>"),
                call("<value><string>\u0001</string></value>"),
                call("<value><string>\ufffe</string></value>"),
                call("<value><string>a ]]> b</string></value>"),
                call("<value><string><![CDATA[unterminated</string></value>"),
                call("<value><string><!-- a -- b --></string></value>"),
                call("<value><string><!-- unterminated </string></value>"),
                call("<value><string><?pi unterminated </string></value>"),
                call("<value><string><b>bold</b></string></value>"),
                call("<value><string>x</strong></value>"),
                call("<value><string a=b>x</string></value>"),
                call("<value><string a='<'>x</string></value>"),
                call("<value><string a='x'b='y'>x</string></value>"),
                call("<value><string a='x>x</string></value>"),
                call("<value><float>1</float></value>"),
                call("<value><boolean>true</boolean></value>"),
                call("<value><double>one</double></value>"),
                call("<value><int>2147483648</int></value>"),
                call("<value><base64>a===</base64></value>"),
                call("<value><array><value><int>1</int></value></array></value>"),
                call("<value><struct><member><name>n</name></member></struct></value>"),
                call("<value><struct><name>n</name><value>v</value></struct></value>"),
                call("<value><string>x</string><string>y</string></value>"),
                call("<value><string>x</string>"),
                call("<int>1</int>"),
                "<methodCall><methodName>m</methodName><params><param></param></params></methodCall>",
                "<methodCall><methodName>m</methodName><other/></methodCall>",
                "<methodCall><methodName>m</methodName> text </methodCall>",
                "<methodCall><methodName>m</methodName></methodCall >".replace(" >", " x>"),
                "<methodCall><methodName>m</methodName></methodCall",
                "<methodCall><methodName>m</methodName></",
                "<methodCall><methodName>m</methodName><",
                "<methodCall><methodName>m</methodName>&",
                "<",
                "<methodCall><methodName>m</methodName>",
                "<methodCall><methodName></methodName></methodCall>",
                "<methodCall><params/></methodCall>",
                "<methodCall/>",
                "",
                "   ",
                "garbage",
                "text<methodCall><methodName>m</methodName></methodCall>",
                "&amp;<methodCall><methodName>m</methodName></methodCall>",
                "<1methodCall><methodName>m</methodName></1methodCall>",
                "<?xml version='1.0' encoding='no-such-charset'?><methodCall><methodName>m</methodName></methodCall>",
                "<?xml version='1.0' encoding='UTF-8'<methodCall><methodName>m</methodName></methodCall>",
                "<methodCall><?xml version='1.0'?><methodName>m</methodName></methodCall>",
                "<methodCall><methodName>m</methodName><methodName>n</methodName></methodCall>".replace("<methodName>n", "<![CDATA[n]]><methodName>n"),
                "<other/>");
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> stax.parse(bytes)).as("StAX: %s", body).isInstanceOf(MalformedRequestException.class);
            assertThatThrownBy(() -> parser.parse(bytes)).as(body).isInstanceOf(MalformedRequestException.class);
        }
    }

    @Test
    void refuses_what_stax_let_through() {
        // StAX stopped reading at </methodCall> and dropped text before a typed value; neither is XML-RPC.
        for (String body : List.of(
                "<methodCall><methodName>m</methodName></methodCall><second/>",
                "<methodCall><methodName>m</methodName></methodCall>trailing text",
                "<methodCall><methodName>m</methodName></methodCall><!DOCTYPE x>",
                call("<value>text<string>typed</string></value>"))) {
            assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8))).as(body)
                    .isInstanceOf(MalformedRequestException.class);
        }
    }

    @Test
    void refuses_bytes_that_are_not_valid_in_the_documents_encoding() {
        byte[] body = call("<value><string>\u00e9</string></value>").getBytes(StandardCharsets.ISO_8859_1); // lone 0xE9
        assertThatThrownBy(() -> stax.parse(body)).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(MalformedRequestException.class);
        byte[] surrogate = call("<value><string>\u0000</string></value>").getBytes(StandardCharsets.UTF_8);
        int at = new String(surrogate, StandardCharsets.UTF_8).indexOf('\u0000');
        byte[] encodedSurrogate = new byte[surrogate.length + 2];   // CESU-style UTF-8 of U+D800: not valid UTF-8
        System.arraycopy(surrogate, 0, encodedSurrogate, 0, at);
        encodedSurrogate[at] = (byte) 0xED;
        encodedSurrogate[at + 1] = (byte) 0xA0;
        encodedSurrogate[at + 2] = (byte) 0x80;
        System.arraycopy(surrogate, at + 1, encodedSurrogate, at + 3, surrogate.length - at - 1);
        assertThatThrownBy(() -> parser.parse(encodedSurrogate)).isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void a_cut_or_damaged_document_is_malformed_never_an_unexpected_exception() throws IOException {
        byte[] valid;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/xmlrpclib/sendProcessStdin-all-types.xml")) {
            valid = in.readAllBytes();
        }
        int parsed = 0;
        for (int length = 0; length <= valid.length; length++) {
            parsed += parsesOrIsMalformed(java.util.Arrays.copyOf(valid, length));
        }
        assertThat(parsed).as("the whole document, and without its final newline").isEqualTo(2);
        for (int at = 0; at < valid.length; at++) {
            for (byte b : "<>&;/]\"'?!-#x\u0000".getBytes(StandardCharsets.UTF_8)) {
                byte[] damaged = valid.clone();
                damaged[at] = b;
                parsesOrIsMalformed(damaged);
            }
        }
    }

    private int parsesOrIsMalformed(byte[] body) {
        try {
            parser.parse(body);
            return 1;
        } catch (MalformedRequestException expected) {
            return 0;
        } catch (RuntimeException e) {
            throw new AssertionError("not a MalformedRequestException for: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    @Test
    void bounds_nesting_and_reports_the_line_of_a_structural_error() throws MalformedRequestException {
        String deep = CALL.formatted("<value><array><data>".repeat(100) + "</data></array></value>".repeat(100));
        assertThatThrownBy(() -> parser.parse(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class).hasMessageContaining("nested deeper than 64");
        String ok = CALL.formatted("<value><array><data>".repeat(60) + "</data></array></value>".repeat(60));
        assertThat(parser.parse(ok.getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertThatThrownBy(() -> parser.parse("<methodCall>\n<methodName>m</methodName>\n<oops/></methodCall>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 3");
    }

    private static String call(String param) {
        return CALL.formatted(param);
    }

    private void assertSameAsStax(byte[] body) throws MalformedRequestException {
        XmlRpcCall expected = stax.parse(body);
        XmlRpcCall actual = parser.parse(body);
        assertThat(actual.methodName()).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(expected.methodName());
        assertThat(comparable(actual.params())).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(comparable(expected.params()));
    }

    /** The value with every {@code byte[]} as hex, so that equals compares contents. */
    private static Object comparable(Object value) {
        return switch (value) {
            case byte[] bytes -> "bytes:" + HexFormat.of().formatHex(bytes);
            case List<?> list -> {
                List<Object> out = new ArrayList<>();
                for (Object item : list) out.add(comparable(item));
                yield out;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k, comparable(v)));
                yield out;
            }
            default -> value;
        };
    }
}
