package io.corridor.supervisor.server.web;

import io.corridor.supervisor.ActionResult;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.Futures;
import io.corridor.supervisor.Supervisor;
import io.corridor.supervisor.server.Restarts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One action posted by the page's plain HTML forms (the page without JavaScript): a verb on one process, one group or
 * all of them, carried out through the core's public API exactly as the REST routes do.
 *
 * @param verb   start, stop, restart, or clear (process logs; processes only)
 * @param scope  what {@code target} names
 * @param target a namespec or a group name; empty for {@link Scope#ALL}
 */
record FormAction(String verb, Scope scope, String target) {
    enum Scope { PROCESS, GROUP, ALL }

    /** The outcome shown on the page after the redirect. */
    record Outcome(boolean ok, String message) {}

    /** Reads the form's fields; a missing or unknown one is an {@link IllegalArgumentException} naming it. */
    static FormAction parse(Map<String, List<String>> form) {
        String verb = field(form, "action");
        if (verb == null) throw new IllegalArgumentException("missing field 'action'");
        String name = field(form, "name");
        String group = field(form, "group");
        Scope scope = name != null ? Scope.PROCESS : group != null ? Scope.GROUP
                : "1".equals(field(form, "all")) ? Scope.ALL : null;
        if (scope == null) throw new IllegalArgumentException("one of the fields 'name', 'group' or 'all' is needed");
        List<String> verbs = scope == Scope.PROCESS ? List.of("start", "stop", "restart", "clear") : List.of("start", "stop", "restart");
        if (!verbs.contains(verb)) throw new IllegalArgumentException("unknown action '" + verb + "' (one of " + verbs + ")");
        return new FormAction(verb, scope, scope == Scope.PROCESS ? name : scope == Scope.GROUP ? group : "");
    }

    private static String field(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() || v.getFirst().isBlank() ? null : v.getFirst().strip();
    }

    CompletableFuture<Outcome> run(Supervisor s) {
        CompletableFuture<Outcome> result;
        try {
            result = switch (scope) {
                case PROCESS -> process(s).thenApply(v -> new Outcome(true, target + ": " + past()));
                case GROUP -> many(switch (verb) {
                    case "start" -> s.startGroup(target, true);
                    case "stop" -> s.stopGroup(target, true);
                    default -> Restarts.group(s, target, true);
                }, "group " + target);
                case ALL -> many(switch (verb) {
                    case "start" -> s.startAll(true);
                    case "stop" -> s.stopAll(true);
                    default -> Restarts.all(s, true);
                }, "all processes");
            };
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(e -> {
            String why = describe(e);
            return new Outcome(false, target.isEmpty() || why.contains(target) ? why : target + ": " + why);
        });
    }

    private CompletableFuture<Void> process(Supervisor s) {
        return switch (verb) {
            case "start" -> s.startProcess(target, true);
            case "stop" -> s.stopProcess(target, true);
            case "restart" -> Restarts.process(s, target, true);
            default -> s.clearProcessLogsAsync(target);
        };
    }

    private CompletableFuture<Outcome> many(CompletableFuture<List<ActionResult>> results, String what) {
        return results.thenApply(list -> {
            List<ActionResult> failed = list.stream().filter(r -> r.status() != Fault.SUCCESS).toList();
            if (failed.isEmpty()) return new Outcome(true, what + ": " + past() + " (" + list.size() + ")");
            StringBuilder b = new StringBuilder(what + ": ");
            for (ActionResult r : failed) b.append(r.namespec()).append(' ').append(r.status().name()).append("; ");
            return new Outcome(false, b.substring(0, b.length() - 2));
        });
    }

    private String past() {
        return switch (verb) {
            case "start" -> "started";
            case "stop" -> "stopped";
            case "restart" -> "restarted";
            default -> "logs cleared";
        };
    }

    private static String describe(Throwable e) {
        return String.valueOf(Futures.cause(e).getMessage());
    }
}
