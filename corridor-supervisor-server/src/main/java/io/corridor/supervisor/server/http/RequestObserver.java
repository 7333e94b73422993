package io.corridor.supervisor.server.http;

/** Told about every answered request, for metrics. */
@FunctionalInterface
public interface RequestObserver {
    /** @param endpoint the endpoint's name, or {@code http} for requests no endpoint took */
    void completed(String endpoint, boolean error);

    RequestObserver NONE = (endpoint, error) -> { };
}
