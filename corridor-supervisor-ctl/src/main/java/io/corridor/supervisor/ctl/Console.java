package io.corridor.supervisor.ctl;

import io.corridor.supervisor.json.JsonWriter;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a command's results go. In text mode every line is printed at once, as supervisorctl does; with
 * {@code --json} the text lines are dropped and the command's structured results are collected into one JSON
 * object, printed when the command ends.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    /**
     * Text lines not yet handed to {@link #out}: a PrintStream encodes every print call on its own, which in a
     * client that exits after 200 lines costs more than the lines; they go out as one byte array instead.
     */
    private final StringBuilder pending = new StringBuilder(8192);
    private Map<String, Object> document = new LinkedHashMap<>();
    /** Non-null when the finished JSON documents are kept for a caller instead of printed (one host of a fleet). */
    private final List<Map<String, Object>> kept;

    public Console(PrintStream out, PrintStream err, boolean json) {
        this(out, err, json, false);
    }

    /** @param keepDocuments keep each finished JSON document for {@link #documents()} instead of printing it */
    public Console(PrintStream out, PrintStream err, boolean json, boolean keepDocuments) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.kept = keepDocuments ? new ArrayList<>() : null;
    }

    /** The finished JSON documents, when this console keeps them. */
    public List<Map<String, Object>> documents() {
        return kept == null ? List.of() : kept;
    }

    public boolean json() {
        return json;
    }

    /** The raw stdout, for commands that stream; lines printed before are written first. */
    public PrintStream out() {
        drain();
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** A line of human output (supervisorctl's {@code ctl.output}). Dropped in JSON mode. */
    public void line(String text) {
        if (!json) {
            pending.append(text).append('\n');
            if (pending.length() >= 8192) {
                drain();
            }
        }
    }

    /** An error line: printed in text mode, collected under {@code "errors"} in JSON mode. */
    public void error(String text) {
        if (json) {
            add("errors", text);
        } else {
            line(text);
        }
    }

    /** Sets a top-level field of the JSON document. */
    public void put(String key, Object value) {
        document.put(key, value);
    }

    /** Appends to a top-level array of the JSON document. */
    public void add(String key, Object item) {
        ensureList(key).add(item);
    }

    /** Makes sure a top-level array exists even when nothing is added to it. */
    @SuppressWarnings("unchecked")
    public List<Object> ensureList(String key) {
        List<Object> list = (List<Object>) document.get(key);
        if (list == null) {                                   // no computeIfAbsent: a lambda costs start-up time
            list = new ArrayList<>();
            document.put(key, list);
        }
        return list;
    }

    /** Ends one command: prints the JSON document (if any) and starts a new one. */
    public void finish(int exitStatus) {
        drain();
        if (json && !document.isEmpty()) {
            document.put("exit_status", exitStatus);
            if (kept != null) {
                kept.add(document);
            } else {
                // decoded for the PrintStream, which encodes it as it always did (its charset, not necessarily UTF-8)
                out.print(new String(JsonWriter.writeForScripts(document), StandardCharsets.UTF_8));
                out.print('\n');
            }
        }
        document = new LinkedHashMap<>();
        out.flush();
    }

    /** Writes out every pending line and flushes stdout. */
    public void flush() {
        drain();
        out.flush();
    }

    private void drain() {
        if (!pending.isEmpty()) {
            byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
            pending.setLength(0);
        }
    }

    /** True once stdout is gone (e.g. {@code corridorctl status | head -1}): stop writing, quietly. */
    public boolean broken() {
        return out.checkError();
    }
}
