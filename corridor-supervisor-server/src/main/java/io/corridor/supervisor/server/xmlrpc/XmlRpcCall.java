package io.corridor.supervisor.server.xmlrpc;

import java.util.List;

/**
 * A decoded {@code <methodCall>}. Parameter values are {@link String}, {@link Integer}, {@link Boolean},
 * {@link Double}, {@code byte[]} (base64), {@code List<Object>} (array) or {@code Map<String, Object>} (struct).
 */
public record XmlRpcCall(String methodName, List<Object> params) {
}
