package io.corridor.supervisor.ctl.command;

import java.util.Map;

/** supervisorctl's {@code split_namespec}/{@code make_namespec}: {@code name}, {@code group:name}, {@code group:*}. */
record Namespec(String group, String process) {

    /** {@code process} is null for a whole group ({@code g:*} or {@code g:}). */
    static Namespec parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new Namespec(text, text);
        }
        String process = text.substring(colon + 1);
        return new Namespec(text.substring(0, colon), process.isEmpty() || process.equals("*") ? null : process);
    }

    static String of(String group, String name) {
        return group.equals(name) ? name : group + ":" + (name == null ? "None" : name);   // Python prints None
    }

    static String of(Map<String, Object> info) {
        return of(String.valueOf(info.get("group")), String.valueOf(info.get("name")));
    }

    String text() {
        return of(group, process);
    }
}
