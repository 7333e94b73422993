package io.corridor.supervisor.ctl.fleet;

import io.corridor.supervisor.config.ServerList;
import io.corridor.supervisor.ctl.Console;
import io.corridor.supervisor.ctl.Controller;
import io.corridor.supervisor.ctl.ExitStatus;
import io.corridor.supervisor.ctl.LineInput;
import io.corridor.supervisor.ctl.LineRunner;
import io.corridor.supervisor.ctl.command.Command;
import io.corridor.supervisor.ctl.command.CommandTable;
import io.corridor.supervisor.ctl.rpc.ClientSecurity;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each command line on several servers at once: the words are split by {@link HostRouting}, every target
 * server gets its own {@link Controller} on its own thread (so one slow or dead server delays nobody), and the
 * answers are printed in the fleet's order, each line behind the server's name. A server that has not answered
 * when the timeout ends is reported on its own line and its connection closed. The exit status is the largest of
 * the servers'.
 */
public final class Fleet implements LineRunner {
    /** Commands that hold one server's stream or switch servers: they need one server. */
    private static final Set<String> ONE_SERVER = Set.of("fg", "open");
    /** Commands answered by the client itself. */
    private static final Set<String> LOCAL = Set.of("help", "quit", "exit");

    private final List<ServerList.Server> hosts;
    private final Console console;
    private final CommandTable commands;
    private final String username;
    private final String password;
    private final ClientSecurity security;
    private final Duration timeout;
    private final Controller local;
    private final int width;
    private int exitStatus = ExitStatus.SUCCESS;

    public Fleet(List<ServerList.Server> hosts, Console console, CommandTable commands, LineInput input,
                 String username, String password, ClientSecurity security, Duration timeout) {
        this.hosts = List.copyOf(hosts);
        this.console = console;
        this.commands = commands;
        this.username = username;
        this.password = password;
        this.security = security;
        this.timeout = timeout;
        this.local = new Controller(console, commands, input, false, hosts.getFirst().url(), username, password,
                security);
        int longest = 0;
        for (ServerList.Server host : hosts) longest = Math.max(longest, host.name().length());
        this.width = longest + 2;
    }

    @Override
    public Console console() {
        return console;
    }

    public int exitStatus() {
        return exitStatus;
    }

    @Override
    public boolean onecmd(String line) {
        String stripped = line.strip();
        if (stripped.isEmpty()) return false;
        int end = 0;
        while (end < stripped.length() && !Character.isWhitespace(stripped.charAt(end))) end++;
        String name = stripped.substring(0, end);
        List<String> words = Command.words(stripped.substring(end));
        if (LOCAL.contains(name) || name.startsWith("?") || commands.find(name) == null) {
            boolean quit = local.onecmd(line);
            exitStatus = local.exitStatus();
            return quit;
        }
        if (ONE_SERVER.contains(name) || (name.endsWith("tail") && words.contains("-f"))) {
            console.error("Error: " + name + (words.contains("-f") ? " -f" : "") + " talks to one server; "
                    + "choose it with -s NAME");
            exitStatus = ExitStatus.INVALID_ARGS;
            console.finish(exitStatus);
            return false;
        }
        Map<String, List<String>> routed = HostRouting.route(hosts, words);
        Map<String, CompletableFuture<HostAnswer>> answers = new LinkedHashMap<>();
        Map<String, Controller> controllers = new LinkedHashMap<>();
        for (ServerList.Server host : hosts) {
            List<String> args = routed.get(host.name());
            if (args == null) continue;
            HostAnswer.Capture capture = new HostAnswer.Capture(console.json());
            Controller controller = new Controller(capture.console(), commands,
                    new LineInput(new ByteArrayInputStream(new byte[0]), capture.console()), false, host.url(),
                    username, password, security);
            controllers.put(host.name(), controller);
            CompletableFuture<HostAnswer> answer = new CompletableFuture<>();
            answers.put(host.name(), answer);
            String hostLine = name + (args.isEmpty() ? "" : " " + String.join(" ", args));
            Thread.ofPlatform().daemon().name("corridorctl " + host.name()).start(() -> {
                try {
                    controller.onecmd(hostLine);
                    answer.complete(capture.answer(controller.exitStatus()));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                } finally {
                    controller.close();
                }
            });
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int worst = ExitStatus.SUCCESS;
        List<Object> hostEntries = console.ensureList("hosts");
        for (ServerList.Server host : hosts) {
            CompletableFuture<HostAnswer> future = answers.get(host.name());
            if (future == null) continue;
            HostAnswer answer;
            try {
                answer = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                controllers.get(host.name()).close();      // unblocks its thread; its late answer is dropped
                answer = HostAnswer.failed(name.equals("status") ? ExitStatus.STATUS_UNKNOWN : ExitStatus.GENERIC,
                        "ERROR (no answer within " + timeout.toSeconds() + " s)");
            } catch (ExecutionException e) {
                answer = HostAnswer.failed(ExitStatus.GENERIC, "ERROR (" + e.getCause() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            worst = Math.max(worst, answer.exitStatus());
            show(host, answer, hostEntries);
            if (console.broken()) break;
        }
        exitStatus = worst;
        console.finish(exitStatus);
        return false;
    }

    private void show(ServerList.Server host, HostAnswer answer, List<Object> hostEntries) {
        if (!console.json()) {
            StringBuilder prefixed = new StringBuilder(128);
            for (String text : answer.lines()) {
                prefixed.setLength(0);
                prefixed.append(host.name());
                for (int i = host.name().length(); i < width; i++) prefixed.append(' ');
                console.line(prefixed.append(text).toString());
            }
            return;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("host", host.name());
        entry.put("url", host.url());
        for (Map<String, Object> document : answer.documents()) {
            for (Map.Entry<String, Object> field : document.entrySet()) {
                if (field.getValue() instanceof List<?> items) {
                    List<Object> merged = console.ensureList(field.getKey());
                    for (Object item : items) merged.add(tagged(host.name(), item));
                } else {
                    entry.put(field.getKey(), field.getValue());
                }
            }
        }
        for (String text : answer.lines()) console.add("errors", host.name() + ": " + text);
        entry.put("exit_status", answer.exitStatus());
        hostEntries.add(entry);
    }

    /** A JSON item of one server's answer with its server's name first. */
    private static Object tagged(String host, Object item) {
        if (item instanceof Map<?, ?> map) {
            Map<String, Object> withHost = new LinkedHashMap<>();
            withHost.put("host", host);
            map.forEach((k, v) -> withHost.put(String.valueOf(k), v));
            return withHost;
        }
        return host + ": " + item;
    }

    /** Server names a command line may use as {@code name:} prefixes, for the usage text. */
    public List<String> names() {
        List<String> names = new ArrayList<>(hosts.size());
        for (ServerList.Server host : hosts) names.add(host.name());
        return names;
    }
}
