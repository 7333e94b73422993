package io.corridor.supervisor.engine;

/**
 * supervisord's {@code split_namespec}: {@code a:b} → group a, process b; {@code a:} and {@code a:*} → the whole
 * group a (process null); {@code a} → group a, process a.
 */
record Namespec(String group, String process) {
    static Namespec parse(String namespec) {
        int colon = namespec.indexOf(':');
        if (colon < 0) return new Namespec(namespec, namespec);
        String group = namespec.substring(0, colon);
        String process = namespec.substring(colon + 1);
        return new Namespec(group, process.isEmpty() || process.equals("*") ? null : process);
    }

    boolean wholeGroup() { return process == null; }
}
