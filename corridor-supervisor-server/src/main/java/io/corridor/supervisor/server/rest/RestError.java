package io.corridor.supervisor.server.rest;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.SupervisorException;
import io.netty.handler.codec.http.HttpResponseStatus;

/** A REST refusal: the JSON {@code error} name, its message and the HTTP status it travels with. */
final class RestError extends RuntimeException {
    private final HttpResponseStatus status;
    private final String error;

    RestError(HttpResponseStatus status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    static RestError badRequest(String message) {
        return new RestError(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", message);
    }

    static RestError notFound(String path) {
        return new RestError(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such resource: " + path);
    }

    static RestError methodNotAllowed(String method, String path) {
        return new RestError(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path);
    }

    static RestError of(SupervisorException e) {
        return new RestError(statusOf(e.fault()), e.fault().name(), e.getMessage());
    }

    /** The HTTP status for each supervisord fault. */
    static HttpResponseStatus statusOf(Fault fault) {
        return switch (fault) {
            case BAD_NAME, NO_FILE -> HttpResponseStatus.NOT_FOUND;
            case ALREADY_STARTED, NOT_RUNNING, STILL_RUNNING, ALREADY_ADDED -> HttpResponseStatus.CONFLICT;
            case BAD_ARGUMENTS, BAD_SIGNAL, INCORRECT_PARAMETERS, NOT_EXECUTABLE -> HttpResponseStatus.BAD_REQUEST;
            case CANT_REREAD -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
            case SHUTDOWN_STATE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case UNKNOWN_METHOD, SIGNATURE_UNSUPPORTED -> HttpResponseStatus.NOT_FOUND;
            case FAILED, SPAWN_ERROR, ABNORMAL_TERMINATION -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
            case SUCCESS -> HttpResponseStatus.OK;
        };
    }

    HttpResponseStatus status() { return status; }

    String error() { return error; }
}
