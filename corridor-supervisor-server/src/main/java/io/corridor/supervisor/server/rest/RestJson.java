package io.corridor.supervisor.server.rest;

import io.corridor.supervisor.json.JsonReader;
import io.corridor.supervisor.json.JsonSyntaxException;
import io.corridor.supervisor.json.JsonWriter;

import java.util.Map;

/** The REST API's JSON: answers written by {@link JsonWriter}, the one body it reads parsed by {@link JsonReader}. */
final class RestJson {
    private RestJson() {}

    /** Indented for people reading curl output, compact for programs ({@code ?pretty=false}). */
    static byte[] write(Object value, boolean pretty) {
        return JsonWriter.write(value, pretty);
    }

    /** {@code {"signal": "HUP"}} or {@code {"signal": 1}}: the signal as text. */
    static String signal(byte[] body) {
        Object tree;
        try {
            tree = body.length == 0 ? null : JsonReader.read(body, body.length);
        } catch (JsonSyntaxException e) {
            throw RestError.badRequest("body is not JSON: " + e.getMessage());
        }
        Object signal = tree instanceof Map<?, ?> m ? m.get("signal") : null;
        boolean isInt = signal instanceof Long l && l == l.intValue();
        if (!(signal instanceof String || isInt)) {
            throw RestError.badRequest("expected a body like {\"signal\": \"HUP\"}");
        }
        return signal.toString();
    }
}
