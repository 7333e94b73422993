package io.corridor.supervisor;

/**
 * supervisord's {@code split_namespec}/{@code make_namespec}, shared by the engine, the server and corridorctl:
 * {@code a:b} → group a, process b; {@code a:} and {@code a:*} → the whole group a (process null); {@code a} →
 * group a, process a.
 */
public record Namespec(String group, String process) {

    public static Namespec parse(String namespec) {
        int colon = namespec.indexOf(':');
        if (colon < 0) return new Namespec(namespec, namespec);
        String group = namespec.substring(0, colon);
        String process = namespec.substring(colon + 1);
        return new Namespec(group, process.isEmpty() || process.equals("*") ? null : process);
    }

    /** {@code make_namespec}: the name alone when group and process share it; a null process prints as Python's None. */
    public static String of(String group, String process) {
        return group.equals(process) ? process : group + ":" + (process == null ? "None" : process);
    }

    public boolean wholeGroup() { return process == null; }

    public String text() { return of(group, process); }
}
