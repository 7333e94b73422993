package io.corridor.supervisor.json;

/** Input that is not the JSON {@link JsonReader} accepts; the message names what was expected and the offset. */
public final class JsonSyntaxException extends IllegalArgumentException {
    JsonSyntaxException(String message) {
        super(message);
    }
}
