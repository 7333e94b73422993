package io.corridor.supervisor.ctl.command;

import io.corridor.supervisor.Namespec;
import io.corridor.supervisor.Fault;
import io.corridor.supervisor.ctl.Controller;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns one per-process result (a struct from a group call, or a fault from a single-process call) into
 * supervisorctl's line ({@code _startresult}, {@code _signalresult}, {@code _clearresult}) and, in JSON mode,
 * into an entry of {@code "results"}.
 */
final class ActionResults {
    private ActionResults() {}

    static void startResult(Controller ctl, String group, String name, int code, String description) {
        String error = switch (Fault.of(code)) {
            case BAD_NAME -> "no such process";
            case NO_FILE -> "no such file";
            case NOT_EXECUTABLE -> "file is not executable";
            case ALREADY_STARTED -> "already started";
            case SPAWN_ERROR -> "spawn error";
            case ABNORMAL_TERMINATION -> "abnormal termination";
            case SUCCESS -> null;
            case null, default -> throw new IllegalStateException("Unknown result code " + code + " for "
                    + Namespec.of(group, name));
        };
        report(ctl, "start", group, name, code, description, error, "started", null);
        ctl.exitStatusFromFault(code, Fault.ALREADY_STARTED.code());
    }

    static void signalResult(Controller ctl, String action, String success, String group, String name, int code,
                             String description, int ignoredCode) {
        String error = switch (Fault.of(code)) {
            case BAD_NAME -> "no such process";
            case BAD_SIGNAL -> "bad signal name";
            case NOT_RUNNING -> "not running";
            case SUCCESS -> null;
            case FAILED -> "failed";
            case null, default -> throw new IllegalStateException("Unknown result code " + code + " for "
                    + Namespec.of(group, name));
        };
        // FAILED prints the raw fault string instead of a formatted line
        report(ctl, action, group, name, code, description, error, success,
                code == Fault.FAILED.code() ? description : null);
        ctl.exitStatusFromFault(code, ignoredCode);
    }

    static void clearResult(Controller ctl, String group, String name, int code, String description) {
        String error = switch (Fault.of(code)) {
            case BAD_NAME -> "no such process";
            case FAILED -> "failed";
            case SUCCESS -> null;
            case null, default -> throw new IllegalStateException("Unknown result code " + code + " for "
                    + Namespec.of(group, name));
        };
        report(ctl, "clear", group, name, code, description, error, "cleared", null);
        ctl.exitStatusFromFault(code, -1);
    }

    static void fromStruct(Map<String, Object> result, ResultSink sink) {
        sink.accept(String.valueOf(result.get("group")), String.valueOf(result.get("name")),
                (Integer) result.get("status"), String.valueOf(result.get("description")));
    }

    @FunctionalInterface
    interface ResultSink {
        void accept(String group, String name, int code, String description);
    }

    private static void report(Controller ctl, String action, String group, String name, int code,
                               String description, String error, String success, String rawLine) {
        String namespec = Namespec.of(group, name);
        if (ctl.console().json()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("namespec", namespec);
            entry.put("group", group);
            entry.put("name", name);
            entry.put("action", action);
            entry.put("ok", error == null);
            entry.put("status", code);
            entry.put("result", error == null ? success : error);
            entry.put("description", description);
            ctl.console().add("results", entry);
        } else if (rawLine != null) {
            ctl.console().line(rawLine);
        } else {
            ctl.console().line(error == null ? namespec + ": " + success : namespec + ": ERROR (" + error + ")");
        }
    }
}
