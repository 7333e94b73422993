package io.corridor.supervisor.server.http;

/** One family of paths served over HTTP (XML-RPC, REST, log tails, metrics). */
public interface Endpoint {
    /** @param path the request path without query string */
    boolean handles(String path);

    /**
     * Serves one request. Must read everything it needs from the request before returning (the request is released
     * then) and must eventually answer through the exchange exactly once, from any thread.
     */
    void handle(Exchange exchange);

    /** The label reported in metrics ({@code rpc}, {@code rest}, ...). */
    String name();
}
