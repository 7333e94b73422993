package io.corridor.supervisor.server.json;

/** A body that is not the JSON {@link JsonReader} accepts; the message names what was expected and where. */
public final class JsonSyntaxException extends IllegalArgumentException {
    JsonSyntaxException(String message) {
        super(message);
    }
}
