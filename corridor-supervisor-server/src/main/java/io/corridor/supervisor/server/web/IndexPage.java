package io.corridor.supervisor.server.web;

import io.corridor.supervisor.ProcessInfo;
import io.corridor.supervisor.ProcessState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The process table at {@code /}, rendered on the server so it reads and works without JavaScript: each row's
 * buttons are a plain form that POSTs to {@code /}. {@code app.js} then keeps the same markup up to date from the
 * REST API; the two agree on the element ids, classes and {@code data-} attributes used here.
 */
final class IndexPage {
    /** The supervisor-wide facts shown in the header. */
    record Header(String identification, String version, String state, long pid) {}

    /** Filters from the query string ({@code ?name=&state=}); blank means no filter. */
    record Filter(String name, String state) {
        boolean accepts(ProcessInfo p) {
            return (name.isBlank() || p.namespec().toLowerCase(Locale.ROOT).contains(name.strip().toLowerCase(Locale.ROOT)))
                    && (state.isBlank() || p.state().name().equals(state));
        }
    }

    /** A message to show once, after an action: from a redirect the server signed. */
    record Flash(boolean ok, String message) {}

    private IndexPage() {}

    static String render(Header h, List<ProcessInfo> processes, Filter filter, String token, Flash flash, boolean linkAction) {
        StringBuilder b = new StringBuilder(8192 + processes.size() * 1200);
        Pages.head(b, h.identification() + " · corridor-supervisor", token, "app.js", "");
        b.append("<body class=\"index\">\n");
        Pages.bar(b, h.identification(), """
                <dl class="facts">\
                <div><dt>supervisor</dt><dd id="sup-state" class="sup sup-%s">%s</dd></div>\
                <div><dt>version</dt><dd id="sup-version">%s</dd></div>\
                <div><dt>pid</dt><dd id="sup-pid">%d</dd></div></dl>
                """.formatted(Html.text(h.state()), Html.text(h.state()), Html.text(h.version()), h.pid()));
        b.append("<main>\n");
        b.append("<p id=\"flash\" class=\"flash").append(flash == null ? " hidden" : flash.ok() ? " ok" : " error")
                .append("\" role=\"status\">").append(flash == null ? "" : Html.text(flash.message())).append("</p>\n");
        if (linkAction) {
            b.append("<p class=\"notice\" id=\"link-notice\">This page does not act on links: <code>?action=</code> was "
                    + "ignored. Use the buttons, which send a form from this page.</p>\n");
        }
        // every action form carries the token, and the filters so that the page comes back filtered the same way
        String formFields = hidden("csrf", token)
                + (filter.name().isBlank() ? "" : hidden("f_name", filter.name()))
                + (filter.state().isBlank() ? "" : hidden("f_state", filter.state()));
        toolbar(b, filter, formFields, processes);
        table(b, processes, filter, formFields);
        b.append("</main>\n");
        Pages.footer(b, h.version());
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static void toolbar(StringBuilder b, Filter filter, String formFields, List<ProcessInfo> processes) {
        b.append("<div class=\"toolbar\">\n");
        b.append("<form method=\"get\" action=\"/\" class=\"filters\" id=\"filters\" role=\"search\">\n")
                .append("<label>Name <input type=\"search\" name=\"name\" id=\"filter-name\" placeholder=\"filter by name\" value=\"")
                .append(Html.text(filter.name())).append("\"></label>\n")
                .append("<label>State <select name=\"state\" id=\"filter-state\">\n<option value=\"\">any</option>\n");
        for (ProcessState s : ProcessState.values()) {
            b.append("<option value=\"").append(s.name()).append('"').append(s.name().equals(filter.state()) ? " selected" : "")
                    .append('>').append(s.name()).append("</option>\n");
        }
        b.append("</select></label>\n<button type=\"submit\" id=\"filter-apply\" class=\"btn\">Filter</button>\n</form>\n");
        long running = processes.stream().filter(p -> p.state() == ProcessState.RUNNING).count();
        long shown = processes.stream().filter(filter::accepts).count();
        b.append("<p class=\"counts\" id=\"counts\">").append(counts(shown, processes.size(), running)).append("</p>\n");
        b.append("<form method=\"post\" action=\"/\" class=\"actions all-actions\" id=\"all-actions\">")
                .append(formFields).append(hidden("all", "1"))
                .append("<span class=\"label\">All processes</span>")
                .append(button("start", "Start all", false)).append(button("stop", "Stop all", false))
                .append(button("restart", "Restart all", false))
                .append("</form>\n");
        b.append("<p class=\"live-status\"><span id=\"live\" class=\"live off\" title=\"updates stop without JavaScript\">")
                .append("static</span> <a href=\"/tail\" id=\"main-log-link\">Main log</a></p>\n");
        b.append("</div>\n");
    }

    static String counts(long shown, long total, long running) {
        return (shown == total ? total + " processes" : shown + " of " + total + " processes") + ", " + running + " running";
    }

    private static void table(StringBuilder b, List<ProcessInfo> processes, Filter filter, String formFields) {
        b.append("<table id=\"processes\">\n<thead><tr><th class=\"c-state\">State</th><th>Name</th><th>Group</th>")
                .append("<th>Description</th><th class=\"c-uptime\">Uptime</th><th class=\"c-pid\">PID</th><th>Actions</th></tr></thead>\n");
        Map<String, List<ProcessInfo>> groups = new LinkedHashMap<>();
        for (ProcessInfo p : processes) groups.computeIfAbsent(p.group(), g -> new java.util.ArrayList<>()).add(p);
        if (processes.isEmpty()) b.append("<tbody><tr class=\"empty\"><td colspan=\"7\">No programs are configured.</td></tr></tbody>\n");
        groups.forEach((group, members) -> {
            b.append("<tbody data-group=\"").append(Html.text(group)).append("\">\n");
            if (isRealGroup(group, members)) {
                b.append("<tr class=\"group-row\"><th colspan=\"7\"><form method=\"post\" action=\"/\" class=\"actions\">")
                        .append(formFields).append(hidden("group", group))
                        .append("<span class=\"group-name\">").append(Html.text(group)).append("</span>")
                        .append("<span class=\"group-size\">").append(members.size()).append(members.size() == 1 ? " process" : " processes").append("</span>")
                        .append(button("start", "Start group", false)).append(button("stop", "Stop group", false))
                        .append(button("restart", "Restart group", false))
                        .append("</form></th></tr>\n");
            }
            for (ProcessInfo p : members) row(b, p, filter.accepts(p), formFields);
            b.append("</tbody>\n");
        });
        b.append("</table>\n");
    }

    /** A group header is worth a row when the group is more than one program of the same name. */
    static boolean isRealGroup(String group, List<ProcessInfo> members) {
        return members.size() > 1 || !members.getFirst().name().equals(group);
    }

    private static void row(StringBuilder b, ProcessInfo p, boolean shown, String formFields) {
        String ns = p.namespec();
        String st = p.state().name();
        b.append("<tr class=\"proc").append(shown ? "" : " hidden").append("\" data-namespec=\"").append(Html.text(ns))
                .append("\" data-state=\"").append(st).append("\">")
                .append("<td class=\"c-state\"><span class=\"state state-").append(st).append("\">").append(st).append("</span></td>")
                .append("<td class=\"c-name\"><a href=\"/tail?name=").append(Html.text(Html.url(ns))).append("\">").append(Html.text(p.name())).append("</a></td>")
                .append("<td class=\"c-group\">").append(Html.text(p.group())).append("</td>")
                .append("<td class=\"c-desc\">").append(Html.text(p.description())).append("</td>")
                .append("<td class=\"c-uptime\">").append(p.state() == ProcessState.RUNNING && p.start() > 0 ? Html.uptime(p.now() - p.start()) : "").append("</td>")
                .append("<td class=\"c-pid\">").append(p.pid() > 0 ? Long.toString(p.pid()) : "").append("</td>")
                .append("<td class=\"c-actions\"><form method=\"post\" action=\"/\" class=\"actions\">")
                .append(formFields).append(hidden("name", ns))
                .append(button("start", "Start", !canStart(p.state())))
                .append(button("stop", "Stop", !canStop(p.state())))
                .append(button("restart", "Restart", p.state() == ProcessState.STOPPING))
                .append(button("clear", "Clear log", false))
                .append("<a class=\"tail-link\" href=\"/tail?name=").append(Html.text(Html.url(ns))).append("\">Tail</a>")
                .append("<a class=\"tail-link\" href=\"/tail?name=").append(Html.text(Html.url(ns))).append("&amp;channel=stderr\">stderr</a>")
                .append("</form></td></tr>\n");
    }

    static boolean canStart(ProcessState s) {
        return s.isStopped();
    }

    static boolean canStop(ProcessState s) {
        return s.isRunning();
    }

    static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.text(value) + "\">";
    }

    static String button(String action, String label, boolean disabled) {
        return "<button type=\"submit\" name=\"action\" value=\"" + action + "\" class=\"btn btn-" + action + "\""
                + (disabled ? " disabled" : "") + ">" + label + "</button>";
    }
}
