package io.corridor.supervisor.server.logtail;

import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.server.ServerLog;
import io.corridor.supervisor.server.http.Endpoint;
import io.corridor.supervisor.server.http.Exchange;
import io.corridor.supervisor.server.http.HttpErrors;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * supervisord's {@code /logtail/NAME[/stdout|/stderr]} and {@code /mainlogtail}, which {@code supervisorctl tail -f}
 * and {@code maintail -f} read: a chunked text stream of the last 1024 bytes and then everything appended.
 */
public final class LogTailEndpoint implements Endpoint {
    private static final long BACKLOG = 1024;
    private final Supervisor supervisor;
    private final ServerLog log;
    private final Duration interval;

    public LogTailEndpoint(Supervisor supervisor, ServerLog log, Duration interval) {
        this.supervisor = supervisor;
        this.log = log;
        this.interval = interval;
    }

    @Override
    public boolean handles(String path) {
        return path.startsWith("/logtail/") || path.equals("/mainlogtail");
    }

    @Override
    public String name() { return "logtail"; }

    @Override
    public void handle(Exchange exchange) {
        if (!exchange.request().method().equals(HttpMethod.GET)) {
            exchange.respond(HttpErrors.page(HttpResponseStatus.BAD_REQUEST));   // supervisord: non-GET is 400
            return;
        }
        CompletableFuture<Path> file = exchange.path().equals("/mainlogtail")
                ? CompletableFuture.completedFuture(supervisor.mainLogFile()) : processFile(exchange.path());
        // a process's file is named by the engine: streamed once it has answered, never waited for here
        file.whenComplete((f, error) -> {
            if (f == null || !Files.exists(f)) {
                log.warn("logtail: " + exchange.path() + " has no log file (404)");
                exchange.respond(HttpErrors.page(HttpResponseStatus.NOT_FOUND));
                return;
            }
            follow(exchange, f, interval, -1);
        });
    }

    /**
     * Streams {@code file} to the exchange; also used by the REST API's {@code ?follow=true}.
     *
     * @param from the byte offset to start at, as {@code tail -f} resumes; negative = the last 1024 bytes. A file now
     *             shorter than {@code from} was truncated or rotated since: it is followed from its start
     */
    public static void follow(Exchange exchange, Path file, Duration interval, long from) {
        String lastModified;
        try {
            lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(Files.getLastModifiedTime(file).toInstant().atOffset(ZoneOffset.UTC));
        } catch (java.io.IOException e) {
            lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.OffsetDateTime.now(ZoneOffset.UTC));
        }
        exchange.startStream("text/plain;charset=utf-8", Map.of("X-Accel-Buffering", "no", "Last-Modified", lastModified));
        FileFollower follower = new FileFollower(file, exchange);
        exchange.context().executor().execute(() -> follower.start(BACKLOG, from, interval));
    }

    /** {@code /logtail/NAME}, {@code /logtail/NAME/stdout}, {@code /logtail/NAME/stderr}; fails when unknown. */
    private CompletableFuture<Path> processFile(String path) {
        String rest = URLDecoder.decode(path.substring("/logtail/".length()), StandardCharsets.UTF_8);
        while (rest.startsWith("/")) rest = rest.substring(1);
        String name = rest;
        LogChannel channel = LogChannel.STDOUT;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            name = rest.substring(0, slash);
            switch (rest.substring(slash + 1)) {
                case "stdout" -> channel = LogChannel.STDOUT;
                case "stderr" -> channel = LogChannel.STDERR;
                default -> { return CompletableFuture.completedFuture(null); }
            }
        }
        return supervisor.processLogFileAsync(name, channel);
    }
}
