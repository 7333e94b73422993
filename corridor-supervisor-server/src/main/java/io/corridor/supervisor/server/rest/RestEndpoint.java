package io.corridor.supervisor.server.rest;

import io.corridor.supervisor.Fault;
import io.corridor.supervisor.Futures;
import io.corridor.supervisor.LogChannel;
import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.SupervisorException;
import io.corridor.supervisor.SupervisorState;
import io.corridor.supervisor.server.Restarts;
import io.corridor.supervisor.server.ServerLog;
import io.corridor.supervisor.server.http.Endpoint;
import io.corridor.supervisor.server.http.Exchange;
import io.corridor.supervisor.server.logtail.LogTailEndpoint;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * REST/JSON under {@code /api/v1} (see docs/api.md). Maps each route onto {@link Supervisor}; refusals become
 * {@code {"error": FAULT_NAME, "message": ...}} with an HTTP status chosen by {@link RestError#statusOf}.
 */
public final class RestEndpoint implements Endpoint {
    private static final String PREFIX = "/api/v1";
    private static final String JSON = "application/json";
    private final Supervisor supervisor;
    private final ServerLog log;
    private final Duration followInterval;

    public RestEndpoint(Supervisor supervisor, ServerLog log, Duration followInterval) {
        this.supervisor = supervisor;
        this.log = log;
        this.followInterval = followInterval;
    }

    @Override
    public boolean handles(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    @Override
    public String name() { return "rest"; }

    @Override
    public void handle(Exchange exchange) {
        CompletableFuture<?> result;
        try {
            result = route(exchange);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        if (result != null) answer(exchange, result);   // null: streamed, or answered by the stream's setup
    }

    private void answer(Exchange exchange, CompletableFuture<?> result) {
        result.whenComplete((value, error) -> {
            if (error == null) {
                send(exchange, HttpResponseStatus.OK, value);
                return;
            }
            Throwable cause = Futures.cause(error);
            RestError re = switch (cause) {
                case RestError r -> r;
                case SupervisorException se -> RestError.of(se);
                default -> {
                    log.critical("REST " + exchange.request().method() + " " + exchange.path() + " failed: " + cause);
                    yield new RestError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "FAILED", String.valueOf(cause));
                }
            };
            if (re.status().code() >= 500 || re.status().code() == 400) {
                log.warn("REST " + exchange.request().method() + " " + exchange.path() + ": " + re.status().code() + " " + re.getMessage());
            }
            exchange.markFailed();
            send(exchange, re.status(), JsonViews.error(re.error(), re.getMessage()));
        });
    }

    /** @return the answer, or null when the exchange was turned into a stream */
    private CompletableFuture<?> route(Exchange ex) {
        HttpMethod method = ex.request().method();
        List<String> seg = segments(ex.path().substring(PREFIX.length()));
        String root = seg.isEmpty() ? "" : seg.getFirst();
        if (!(root.equals("supervisor") && seg.size() == 1 && method.equals(HttpMethod.GET))) checkNotShuttingDown();
        switch (root) {
            case "supervisor" -> {
                if (seg.size() == 1) return get(method, ex, () -> JsonViews.supervisor(supervisor));
                if (seg.size() == 2 && seg.get(1).equals("shutdown")) return post(method, ex, () -> {
                    supervisor.shutdown();
                    return Map.of("shutdown", true);
                });
                if (seg.size() == 2 && seg.get(1).equals("reload")) return post(method, ex, () -> {
                    supervisor.restart();
                    return Map.of("reload", true);
                });
                if (seg.size() == 2 && seg.get(1).equals("log")) return mainLog(ex, method);
                if (seg.size() == 2 && seg.get(1).endsWith("-all")) return allAction(ex, method, seg.get(1));
                if (seg.size() == 2 && seg.get(1).equals("logrotate")) return logrotate(ex, method, List.of());
            }
            case "processes" -> {
                if (seg.size() == 1) {
                    requireGet(method, ex);
                    return withExtras(ex, supervisor.processesAsync(), supervisor::usageAsync,
                            (list, view) -> list.stream().map(view).toList());
                }
                String ns = seg.get(1);
                if (seg.size() == 2) {
                    requireGet(method, ex);
                    CompletableFuture<ProcessInfo> one = supervisor.processAsync(ns);
                    // the resources of this process's tree only: measuring every tree cost ~150 ms at 1000 processes
                    return withExtras(ex, one, () -> one.thenCompose(p -> supervisor.usageAsync(p.namespec())),
                            (p, view) -> view.apply(p));
                }
                if (seg.size() == 3 && seg.get(2).equals("history")) {
                    requireGet(method, ex);
                    return supervisor.historyAsync(ns).thenApply(list -> list.stream().map(JsonViews::exit).toList());
                }
                if (seg.size() == 3 && seg.get(2).equals("logrotate")) return logrotate(ex, method, List.of(ns));
                if (seg.size() == 3) return processAction(ex, method, ns, seg.get(2));
                if (seg.size() == 4 && seg.get(2).equals("logs")) return logs(ex, method, ns, seg.get(3));
            }
            case "groups" -> {
                if (seg.size() == 1) {
                    requireGet(method, ex);
                    return supervisor.processesAsync().thenApply(list -> JsonViews.groups(supervisor.config(), list));
                }
                if (seg.size() == 3 && seg.get(2).equals("logrotate")) {
                    return logrotate(ex, method, List.of(seg.get(1) + ":*"));
                }
                if (seg.size() == 3) return groupAction(ex, method, seg.get(1), seg.get(2));
            }
            case "config" -> {
                if (seg.size() == 2 && seg.get(1).equals("reread")) {
                    requirePost(method, ex);
                    return supervisor.rereadAsync().thenApply(JsonViews::diff);
                }
                if (seg.size() == 2 && seg.get(1).equals("update")) {
                    requirePost(method, ex);
                    return update();
                }
            }
            default -> { }
        }
        throw RestError.notFound(ex.path());
    }

    private CompletableFuture<?> processAction(Exchange ex, HttpMethod method, String ns, String action) {
        requirePost(method, ex);
        boolean wait = !"false".equalsIgnoreCase(ex.queryParam("wait"));
        CompletableFuture<Void> done = switch (action) {
            case "start" -> supervisor.startProcess(ns, wait);
            case "stop" -> supervisor.stopProcess(ns, wait);
            case "restart" -> Restarts.process(supervisor, ns, wait);
            case "signal" -> supervisor.signalProcess(ns, signalFrom(ex));
            case "clear" -> supervisor.clearProcessLogsAsync(ns);
            default -> throw RestError.notFound(ex.path());
        };
        return done.thenCompose(v -> supervisor.processAsync(ns)).thenApply(JsonViews::process);
    }

    private CompletableFuture<?> groupAction(Exchange ex, HttpMethod method, String group, String action) {
        requirePost(method, ex);
        boolean wait = !"false".equalsIgnoreCase(ex.queryParam("wait"));
        var results = switch (action) {
            case "start" -> supervisor.startGroup(group, wait);
            case "stop" -> supervisor.stopGroup(group, wait);
            case "restart" -> Restarts.group(supervisor, group, wait);
            case "signal" -> supervisor.signalGroup(group, signalFrom(ex));
            default -> throw RestError.notFound(ex.path());
        };
        return results.thenApply(list -> list.stream().map(JsonViews::result).toList());
    }

    /** {@code POST .../logrotate}: rolls the logs over now; answers the files that were rolled over. */
    private CompletableFuture<?> logrotate(Exchange ex, HttpMethod method, List<String> names) {
        requirePost(method, ex);
        return supervisor.rotateLogs(names).thenApply(files -> Map.of("rotated",
                files.stream().map(Path::toString).toList()));
    }

    /** {@code POST /supervisor/start-all|stop-all|restart-all}: supervisorctl's {@code start all} and friends. */
    private CompletableFuture<?> allAction(Exchange ex, HttpMethod method, String action) {
        requirePost(method, ex);
        boolean wait = !"false".equalsIgnoreCase(ex.queryParam("wait"));
        var results = switch (action) {
            case "start-all" -> supervisor.startAll(wait);
            case "stop-all" -> supervisor.stopAll(wait);
            case "restart-all" -> Restarts.all(supervisor, wait);
            default -> throw RestError.notFound(ex.path());
        };
        return results.thenApply(list -> list.stream().map(JsonViews::result).toList());
    }

    /** {@code GET /supervisor/log}: the main log, read like a process log or followed ({@code follow=true}). */
    private CompletableFuture<?> mainLog(Exchange ex, HttpMethod method) {
        requireGet(method, ex);
        if ("true".equalsIgnoreCase(ex.queryParam("follow"))) {
            Path file = supervisor.mainLogFile();
            if (file == null || !Files.exists(file)) throw new SupervisorException(Fault.NO_FILE, "main log");
            LogTailEndpoint.follow(ex, file, followInterval, longParam(ex, "offset", -1));
            return null;
        }
        long offset = longParam(ex, "offset", -1600);
        long length = longParam(ex, "length", 0);
        return supervisor.readMainLogAsync(offset, length).thenApply(data -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offset", offset);
            m.put("length", length);
            m.put("data", data);
            return m;
        });
    }

    private CompletableFuture<?> logs(Exchange ex, HttpMethod method, String ns, String channelName) {
        if (!method.equals(HttpMethod.GET)) throw RestError.methodNotAllowed(method.name(), ex.path());
        LogChannel channel = switch (channelName) {
            case "stdout" -> LogChannel.STDOUT;
            case "stderr" -> LogChannel.STDERR;
            default -> throw RestError.notFound(ex.path());
        };
        if ("true".equalsIgnoreCase(ex.queryParam("follow"))) {
            long from = longParam(ex, "offset", -1);
            supervisor.processLogFileAsync(ns, channel).whenComplete((file, error) -> {
                if (error == null && (file == null || !Files.exists(file))) error = new SupervisorException(Fault.NO_FILE, ns);
                if (error == null) {
                    LogTailEndpoint.follow(ex, file, followInterval, from);
                } else {
                    answer(ex, CompletableFuture.failedFuture(error));
                }
            });
            return null;
        }
        long offset = longParam(ex, "offset", -1600);
        long length = longParam(ex, "length", 0);
        return supervisor.readProcessLogAsync(ns, channel, offset, length).thenApply(data -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("namespec", ns);
            m.put("channel", channelName);
            m.put("offset", offset);
            m.put("length", length);
            m.put("data", data);
            return m;
        });
    }

    /** supervisorctl's {@code update}, server-side: {@link io.corridor.supervisor.Supervisor#update()}. */
    private CompletableFuture<?> update() {
        return supervisor.update().thenApply(u -> {
            List<Map<String, Object>> results = new ArrayList<>();
            for (var g : u.groups()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("group", g.group());
                m.put("action", g.action());
                m.put("ok", g.ok());
                if (!g.ok()) {
                    m.put("error", g.fault().name());
                    m.put("message", g.message());
                }
                results.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("diff", JsonViews.diff(u.diff()));
            m.put("results", results);
            return m;
        });
    }

    // ---------------------------------------------------------------- helpers

    private void checkNotShuttingDown() {
        SupervisorState s = supervisor.state();
        if (s == SupervisorState.SHUTDOWN || s == SupervisorState.RESTARTING) throw new SupervisorException(Fault.SHUTDOWN_STATE);
    }

    private static String signalFrom(Exchange ex) {
        return RestJson.signal(ex.body());
    }

    /** How a process read answers: every field, {@code ?fields=} of them, or those as a row ({@code &rows=true}). */
    private static Function<ProcessInfo, Object> processView(Exchange ex, JsonViews.Extras extras) {
        List<String> fields = fieldsParam(ex);
        if (!"true".equalsIgnoreCase(ex.queryParam("rows"))) {
            return p -> JsonViews.select(JsonViews.process(p, extras), fields);
        }
        if (fields == null) throw RestError.badRequest("rows=true needs fields=... to name the columns");
        return p -> JsonViews.row(JsonViews.process(p, extras), fields);
    }

    /**
     * Answers with the process view, plus the tree's resources and the stop-by-hand intent when the fields asked
     * for include them (all fields do): measuring the trees walks /proc, which a five-field status need not pay.
     */
    private <T> CompletableFuture<Object> withExtras(Exchange ex, CompletableFuture<T> snapshot,
                                                     java.util.function.Supplier<CompletableFuture<List<io.corridor.supervisor.ProcessUsage>>> usageOf,
                                                     java.util.function.BiFunction<T, Function<ProcessInfo, Object>, Object> answer) {
        List<String> fields = fieldsParam(ex);
        processView(ex, JsonViews.Extras.NONE); // refuses bad parameters before any work
        boolean usage = fields == null || fields.stream().anyMatch(JsonViews.USAGE_FIELDS::contains);
        boolean intent = fields == null || fields.contains("stoppedByHand");
        CompletableFuture<List<io.corridor.supervisor.ProcessUsage>> u = usage ? usageOf.get()
                : CompletableFuture.completedFuture(List.of());
        CompletableFuture<Map<String, Long>> i = intent ? supervisor.stoppedByHandAsync()
                : CompletableFuture.completedFuture(Map.of());
        return snapshot.thenCombine(u, (snap, usageList) -> snap).thenCombine(i, (snap, stopped) -> {
            JsonViews.Extras extras = new JsonViews.Extras(usage ? u.join() : List.of(), stopped, usage, intent);
            return answer.apply(snap, processView(ex, extras));
        });
    }

    /** {@code ?fields=name,state,...}: the process fields to answer with (all when absent). */
    private static List<String> fieldsParam(Exchange ex) {
        String v = ex.queryParam("fields");
        if (v == null) return null;
        List<String> fields = Arrays.stream(v.split(",")).map(String::strip).filter(f -> !f.isEmpty()).toList();
        for (String f : fields) {
            if (!JsonViews.PROCESS_FIELDS.contains(f)) {
                throw RestError.badRequest("unknown field '" + f + "' (fields: " + String.join(",", JsonViews.PROCESS_FIELDS) + ")");
            }
        }
        return fields;
    }

    private static long longParam(Exchange ex, String name, long absent) {
        String v = ex.queryParam(name);
        if (v == null) return absent;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw RestError.badRequest(name + " must be an integer, not '" + v + "'");
        }
    }

    private static CompletableFuture<?> get(HttpMethod method, Exchange ex, java.util.function.Supplier<Object> body) {
        requireGet(method, ex);
        return CompletableFuture.completedFuture(body.get());
    }

    private static void requireGet(HttpMethod method, Exchange ex) {
        if (!method.equals(HttpMethod.GET)) throw RestError.methodNotAllowed(method.name(), ex.path());
    }

    private static CompletableFuture<?> post(HttpMethod method, Exchange ex, java.util.function.Supplier<Object> body) {
        requirePost(method, ex);
        return CompletableFuture.completedFuture(body.get());
    }

    private static void requirePost(HttpMethod method, Exchange ex) {
        if (!method.equals(HttpMethod.POST)) throw RestError.methodNotAllowed(method.name(), ex.path());
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
                .map(s -> QueryStringDecoder.decodeComponent(s)).toList();
    }

    private void send(Exchange exchange, HttpResponseStatus status, Object value) {
        byte[] body = RestJson.write(value, !"false".equalsIgnoreCase(exchange.queryParam("pretty")));
        byte[] withNewline = Arrays.copyOf(body, body.length + 1);
        withNewline[body.length] = '\n';
        exchange.respond(status, JSON, withNewline);
    }
}
