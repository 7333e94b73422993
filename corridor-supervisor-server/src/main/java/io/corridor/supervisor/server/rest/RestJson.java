package io.corridor.supervisor.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The REST API's only contact with Jackson. Kept apart so that Jackson (about 600 classes) is loaded by the first
 * REST call, not by a supervisor that is only ever asked over XML-RPC.
 */
final class RestJson {
    private RestJson() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Indented for people reading curl output, compact for programs ({@code ?pretty=false}). */
    static byte[] write(Object value, boolean pretty) {
        try {
            return pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value) : MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a REST answer", e);
        }
    }

    /** {@code {"signal": "HUP"}} or {@code {"signal": 1}}: the signal as text. */
    static String signal(byte[] body) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw RestError.badRequest("body is not JSON: " + firstLine(e.getMessage()));
        }
        JsonNode signal = tree == null ? null : tree.get("signal");
        if (signal == null || !(signal.isTextual() || signal.isInt())) {
            throw RestError.badRequest("expected a body like {\"signal\": \"HUP\"}");
        }
        return signal.asText();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
